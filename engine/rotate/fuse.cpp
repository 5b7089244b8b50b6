#include "rotate/fuse.h"

#include <algorithm>

#include "core/error.h"

namespace rs {
namespace {

using MatrixRD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string model_label(const Model& m) { return m.source.path.empty() ? std::string("model") : m.source.path; }

void require_shape(const Model& m, const std::string& what, int64_t rows, int64_t cols, int64_t want_rows,
                   int64_t want_cols) {
    if (rows != want_rows || cols != want_cols)
        fail_input(model_label(m), what + " is " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected " +
                                       std::to_string(want_rows) + "x" + std::to_string(want_cols));
}

// Every shape the fusion indexes by, so that a malformed model fails here in one line and not
// inside an Eigen product halfway through.
void check_shapes(const Model& m) {
    const ModelConfig& c = m.cfg;
    const int64_t d = c.d_model, D = c.head_dim, qd = int64_t{c.n_heads} * D, kvd = int64_t{c.n_kv_heads} * D;
    require_shape(m, "token embedding", m.tok_embd.rows(), m.tok_embd.cols(), c.n_vocab, d);
    require_shape(m, "lm_head", m.lm_head.w.rows(), m.lm_head.w.cols(), c.n_vocab, d);
    require_shape(m, "output norm", m.out_norm.size(), 1, d, 1);
    if (static_cast<int64_t>(m.layers.size()) != c.n_layers)
        fail_input(model_label(m), "has " + std::to_string(m.layers.size()) + " layers, config says " +
                                       std::to_string(c.n_layers));
    for (size_t l = 0; l < m.layers.size(); ++l) {
        const Layer& L = m.layers[l];
        const std::string p = "layer " + std::to_string(l) + " ";
        require_shape(m, p + "attn_norm", L.attn_norm.size(), 1, d, 1);
        require_shape(m, p + "ffn_norm", L.ffn_norm.size(), 1, d, 1);
        require_shape(m, p + "q", L.q.w.rows(), L.q.w.cols(), qd, d);
        require_shape(m, p + "k", L.k.w.rows(), L.k.w.cols(), kvd, d);
        require_shape(m, p + "v", L.v.w.rows(), L.v.w.cols(), kvd, d);
        require_shape(m, p + "o", L.o.w.rows(), L.o.w.cols(), d, qd);
        require_shape(m, p + "gate", L.gate.w.rows(), L.gate.w.cols(), c.d_ff, d);
        require_shape(m, p + "up", L.up.w.rows(), L.up.w.cols(), c.d_ff, d);
        require_shape(m, p + "down", L.down.w.rows(), L.down.w.cols(), d, c.d_ff);
        for (const Linear* lin : {&L.o, &L.down, &L.v})
            if (lin->b.size() != 0 && lin->b.size() != lin->w.rows())
                fail_input(model_label(m), p + "bias has " + std::to_string(lin->b.size()) + " entries, expected " +
                                               std::to_string(lin->w.rows()));
    }
}

// rotation_matrix with the role and order in the message, e.g.
// "R1 over d_model 48: rotation "block:20": block size 20 does not divide 48".
Eigen::MatrixXd planned_matrix(const char* role, const char* dim, const RotationSpec& spec, int64_t n) {
    try {
        return rotation_matrix(spec, n);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::BadInput) throw;
        fail_input("", std::string(role) + " over " + dim + " " + std::to_string(n) + ": " + e.what());
    }
}

// The whole chain of one weight in float64, rounded to fp32 once at the end.
struct Transform {
    const VectorF* norm = nullptr;       // columns scaled by the RMSNorm weight (reads a norm)
    const Eigen::MatrixXd* right = nullptr;  // w <- w·Q (reads the rotated residual)
    const Eigen::MatrixXd* left_t = nullptr;  // w <- Qᵀ·w, b <- Qᵀ·b (writes the residual)
    const Eigen::MatrixXd* head_rows_t = nullptr;  // R2ᵀ on every head_dim block of rows (V)
};

void apply(Linear& lin, const Transform& t) {
    if (!t.norm && !t.right && !t.left_t && !t.head_rows_t) return;
    MatrixRD w = lin.w.cast<double>();
    if (t.norm) w = w * t.norm->cast<double>().asDiagonal();
    if (t.right) w = w * *t.right;
    if (t.left_t) {
        w = t.left_t->transpose() * w;
        if (lin.b.size()) lin.b = (t.left_t->transpose() * lin.b.cast<double>()).cast<float>();
    }
    if (t.head_rows_t) {
        const Eigen::MatrixXd& r2 = *t.head_rows_t;
        const int64_t D = r2.rows();
        for (int64_t r = 0; r < w.rows(); r += D) {
            w.middleRows(r, D) = (r2.transpose() * w.middleRows(r, D)).eval();
            if (lin.b.size()) lin.b.segment(r, D) = (r2.transpose() * lin.b.segment(r, D).cast<double>()).cast<float>();
        }
    }
    lin.w = w.cast<float>();
}

// x·Wᵀ puts head h of V in columns [hD, hD+D) of the projection's output, i.e. rows of w_v.
// v_h·R2 = x·(R2ᵀ·w_v[h])ᵀ, so the V rows (and bias) of each KV head get R2ᵀ from the left; the
// attention output of every query head is then a mix of rotated V rows, att_h·R2, and o undoes it
// on its input columns: att_h·R2·(w_o[:,h]·R2)ᵀ = att_h·w_o[:,h]ᵀ.
// o in float64 throughout: its R2 columns and R1 rows compose without an fp32 rounding between.
void apply_o(Linear& o, const Eigen::MatrixXd* r2, const Eigen::MatrixXd* q1, int n_heads) {
    if (!r2 && !q1) return;
    MatrixRD w = o.w.cast<double>();
    if (r2) {
        const int64_t D = r2->rows();
        for (int h = 0; h < n_heads; ++h) w.middleCols(h * D, D) = w.middleCols(h * D, D) * *r2;
    }
    if (q1) {
        w = q1->transpose() * w;
        if (o.b.size()) o.b = (q1->transpose() * o.b.cast<double>()).cast<float>();
    }
    o.w = w.cast<float>();
}

// The embedding table in row blocks: the vocabulary can be large and only Q needs to stay whole.
void rotate_embedding(MatrixRM& e, const Eigen::MatrixXd& q1) {
    const int64_t step = 4096;
    for (int64_t r = 0; r < e.rows(); r += step) {
        const int64_t n = std::min(step, e.rows() - r);
        MatrixRD block = e.middleRows(r, n).cast<double>();
        e.middleRows(r, n) = (block * q1).cast<float>();
    }
}

}  // namespace

std::string FuseReport::summary() const {
    std::string s;
    auto add = [&s](bool on, const char* name, const RotationSpec& spec, int64_t order) {
        if (!on) return;
        if (!s.empty()) s += ", ";
        s += std::string(name) + " " + rotation_name(spec) + " (" + std::to_string(order) + ")";
    };
    add(plan.r1_on, "R1", plan.r1, r1_order);
    add(plan.r2_on, "R2", plan.r2, r2_order);
    add(plan.r3_on, "R3", plan.r3, r3_order);
    add(plan.r4_on, "R4", plan.r4, r4_order);
    return s.empty() ? std::string("norms folded, no rotation") : s;
}

void check_fuse_plan(const ModelConfig& c, const FusePlan& plan) {
    auto check = [](bool on, const char* role, const char* dim, const RotationSpec& spec, int64_t n) {
        if (!on) return;
        try {
            check_rotation_order(spec, n);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::BadInput) throw;
            fail_input("", std::string(role) + " over " + dim + " " + std::to_string(n) + ": " + e.what());
        }
    };
    check(plan.r1_on, "R1", "d_model", plan.r1, c.d_model);
    check(plan.r2_on, "R2", "head_dim", plan.r2, c.head_dim);
    check(plan.r3_on, "R3", "head_dim", plan.r3, c.head_dim);
    check(plan.r4_on, "R4", "d_ff", plan.r4, c.d_ff);
}

void fold_norms(Model& m) {
    check_shapes(m);
    for (Layer& L : m.layers) {
        for (Linear* lin : {&L.q, &L.k, &L.v}) apply(*lin, {&L.attn_norm});
        for (Linear* lin : {&L.gate, &L.up}) apply(*lin, {&L.ffn_norm});
        L.attn_norm.setOnes();
        L.ffn_norm.setOnes();
    }
    apply(m.lm_head, {&m.out_norm});
    m.out_norm.setOnes();
    // The head now differs from the embedding, so a writer must not tie them again.
    m.cfg.tied_embeddings = false;
}

Model fuse_rotations(const Model& in, const FusePlan& plan, const Progress& progress, FuseReport* report) {
    check_shapes(in);
    const ModelConfig& c = in.cfg;
    // Rotating twice would need the first online rotations composed with the second; nothing
    // needs that, and silently dropping them would change the model's function.
    if (in.online.any()) fail_input(model_label(in), "is already rotated (it has online R3/R4 rotations)");
    check_fuse_plan(c, plan);
    // All matrices first: an impossible order is refused before any weight is copied.
    Eigen::MatrixXd q1, r2, q4;
    if (plan.r1_on) q1 = planned_matrix("R1", "d_model", plan.r1, c.d_model);
    // R2 touches only the V rows and the O columns. Qwen3's q_norm/k_norm act on Q and K, which
    // R2 leaves unrotated, so R2 is valid with them; only R3 (rotating Q and K) would have to be
    // applied after those norms, online.
    if (plan.r2_on) r2 = planned_matrix("R2", "head_dim", plan.r2, c.head_dim);
    // R4: the down_proj input becomes x·Q4 online, so down_proj reads it through w·Q4
    // ((x·Q4)·(w·Q4)ᵀ = x·wᵀ).
    if (plan.r4_on) q4 = planned_matrix("R4", "d_ff", plan.r4, c.d_ff);
    const Eigen::MatrixXd* Q1 = plan.r1_on ? &q1 : nullptr;
    const Eigen::MatrixXd* R2 = plan.r2_on ? &r2 : nullptr;
    const Eigen::MatrixXd* Q4 = plan.r4_on ? &q4 : nullptr;

    Model out = in;
    const int64_t n = static_cast<int64_t>(out.layers.size());
    progress("fuse", 0, n + 1);
    if (Q1) rotate_embedding(out.tok_embd, q1);
    for (int64_t l = 0; l < n; ++l) {
        Layer& L = out.layers[l];
        for (Linear* lin : {&L.q, &L.k}) apply(*lin, {&L.attn_norm, Q1, nullptr});
        apply(L.v, {&L.attn_norm, Q1, nullptr, R2});
        for (Linear* lin : {&L.gate, &L.up}) apply(*lin, {&L.ffn_norm, Q1, nullptr});
        apply_o(L.o, R2, Q1, c.n_heads);
        apply(L.down, {nullptr, Q4, Q1});
        L.attn_norm.setOnes();
        L.ffn_norm.setOnes();
        progress("fuse", l + 1, n + 1);
    }
    apply(out.lm_head, {&out.out_norm, Q1, nullptr});
    out.out_norm.setOnes();
    out.cfg.tied_embeddings = false;  // see fold_norms
    // R3 needs no weight change: it cancels inside Q·Kᵀ.
    if (plan.r3_on) out.online.r3 = plan.r3;
    if (plan.r4_on) out.online.r4 = plan.r4;
    progress("fuse", n + 1, n + 1);

    if (report) {
        report->plan = plan;
        report->r1_order = plan.r1_on ? c.d_model : 0;
        report->r2_order = plan.r2_on ? c.head_dim : 0;
        report->r3_order = plan.r3_on ? c.head_dim : 0;
        report->r4_order = plan.r4_on ? c.d_ff : 0;
        report->norms_folded = 2 * static_cast<int>(n) + 1;
    }
    return out;
}

}  // namespace rs
