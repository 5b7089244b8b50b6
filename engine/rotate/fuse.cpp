#include "rotate/fuse.h"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <optional>

#include "core/error.h"
#include "model/roles.h"
#include "rotate/online_rotation.h"
#include "rotate/rotation_kinds.h"

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
    const int64_t d = c.d_model;
    require_shape(m, "token embedding", m.tok_embd.rows(), m.tok_embd.cols(), c.n_vocab, d);
    require_shape(m, "lm_head", m.lm_head.w.rows(), m.lm_head.w.cols(), c.n_vocab, d);
    require_shape(m, "output norm", m.out_norm.size(), 1, d, 1);
    if (static_cast<int64_t>(m.layers.size()) != c.n_layers)
        fail_input(model_label(m), "has " + std::to_string(m.layers.size()) + " layers, config says " +
                                       std::to_string(c.n_layers));
    for (size_t l = 0; l < m.layers.size(); ++l) {
        const Layer& L = m.layers[l];
        const std::string p = "layer " + std::to_string(l) + " ";
        for (const LinearInputTraits& in : kLayerInputs)
            if (in.norm) require_shape(m, p + in.norm_name, (L.*in.norm).size(), 1, d, 1);
        for (const RoleTraits& r : kLayerRoles) {
            const Linear& lin = L.*r.linear;
            require_shape(m, p + r.name, lin.w.rows(), lin.w.cols(), r.out_width(c), input_traits(r.input).width(c));
            if (lin.b.size() != 0 && lin.b.size() != lin.w.rows())
                fail_input(model_label(m), p + r.name + " bias has " + std::to_string(lin.b.size()) + " entries, expected " +
                                               std::to_string(lin.w.rows()));
        }
    }
}

// A planned rotation in float64, with the placement in the message, e.g.
// "R1 over d_model 48: rotation "block:20": block size 20 does not divide 48".
std::optional<PreparedRotation> planned(const FusePlan& plan, Placement placement, const ModelConfig& c) {
    const PlacementTraits& p = placement_traits(placement);
    if (!(plan.*p.on)) return std::nullopt;
    const int64_t n = p.order_of(c);
    try {
        return PreparedRotation(plan.*p.spec, n, PreparedRotation::Precision::Float64);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::BadInput) throw;
        fail_input("", std::string(p.name) + " over " + p.dim + " " + std::to_string(n) + ": " + e.what());
    }
}

// w ← Qᵀ·w = (wᵀ·Q)ᵀ; w has order() rows.
void left_t(const PreparedRotation& q, MatrixRD& w) {
    MatrixRD t = w.transpose();
    q.apply(t);
    w = t.transpose();
}
// b ← Qᵀ·b for a bias (b as a row: bᵀ·Q).
void left_t(const PreparedRotation& q, VectorF& b) {
    MatrixRD row = b.cast<double>().transpose();
    q.apply(row);
    b = row.transpose().cast<float>();
}

// The whole chain of one weight in float64, rounded to fp32 once at the end.
struct Transform {
    const VectorF* norm = nullptr;          // columns scaled by the RMSNorm weight (reads a norm)
    const PreparedRotation* right = nullptr;     // w <- w·Q (reads the rotated residual)
    const PreparedRotation* left_t = nullptr;    // w <- Qᵀ·w, b <- Qᵀ·b (writes the residual)
    const PreparedRotation* head_rows_t = nullptr;  // R2ᵀ on every head_dim block of rows (V)
};

void apply(Linear& lin, const Transform& t) {
    if (!t.norm && !t.right && !t.left_t && !t.head_rows_t) return;
    if (!t.left_t && !t.head_rows_t) {
        // Rows are independent: each block goes through float64 in a small buffer that stays in
        // cache, instead of converting the whole matrix there and back.
        const int64_t rows = lin.w.rows();
        constexpr int64_t kRows = 64;
        const Eigen::RowVectorXd norm = t.norm ? Eigen::RowVectorXd(t.norm->cast<double>().transpose()) : Eigen::RowVectorXd();
#pragma omp parallel for schedule(static)
        for (int64_t r0 = 0; r0 < rows; r0 += kRows) {
            const int64_t n = std::min(kRows, rows - r0);
            MatrixRD block = lin.w.middleRows(r0, n).cast<double>();
            if (t.norm) block.array().rowwise() *= norm.array();
            if (t.right) t.right->apply(block);
            lin.w.middleRows(r0, n) = block.cast<float>();
        }
        lin.touch();
        return;
    }
    MatrixRD w = lin.w.cast<double>();
    if (t.norm) w = w * t.norm->cast<double>().asDiagonal();
    if (t.right) t.right->apply(w);
    if (t.left_t) {
        left_t(*t.left_t, w);
        if (lin.b.size()) left_t(*t.left_t, lin.b);
    }
    if (t.head_rows_t) {
        // R2ᵀ·w[block] for every block of D rows = (w[block]ᵀ·R2)ᵀ: column blocks of wᵀ.
        const PreparedRotation& r2 = *t.head_rows_t;
        const int64_t D = r2.order();
        MatrixRD wt = w.transpose();
        for (int64_t r = 0; r < wt.cols(); r += D) r2.apply(wt.middleCols(r, D));
        w = wt.transpose();
        if (lin.b.size()) {
            MatrixRD b = lin.b.cast<double>().transpose();
            for (int64_t r = 0; r < b.cols(); r += D) r2.apply(b.middleCols(r, D));
            lin.b = b.transpose().cast<float>();
        }
    }
    lin.w = w.cast<float>();
    lin.touch();
}

// x·Wᵀ puts head h of V in columns [hD, hD+D) of the projection's output, i.e. rows of w_v.
// v_h·R2 = x·(R2ᵀ·w_v[h])ᵀ, so the V rows (and bias) of each KV head get R2ᵀ from the left; the
// attention output of every query head is then a mix of rotated V rows, att_h·R2, and o undoes it
// on its input columns: att_h·R2·(w_o[:,h]·R2)ᵀ = att_h·w_o[:,h]ᵀ.
// o in float64 throughout: its R2 columns and R1 rows compose without an fp32 rounding between.
void apply_o(Linear& o, const PreparedRotation* r2, const PreparedRotation* q1, int n_heads) {
    if (!r2 && !q1) return;
    MatrixRD w = o.w.cast<double>();
    if (r2) {
        const int64_t D = r2->order();
        for (int h = 0; h < n_heads; ++h) r2->apply(w.middleCols(h * D, D));
    }
    if (q1) {
        left_t(*q1, w);
        if (o.b.size()) left_t(*q1, o.b);
    }
    o.w = w.cast<float>();
    o.touch();
}

// The embedding table in row blocks: the vocabulary can be large.
void rotate_embedding(MatrixRM& e, const PreparedRotation& q1) {
    const int64_t step = 4096;
    for (int64_t r = 0; r < e.rows(); r += step) {
        const int64_t n = std::min(step, e.rows() - r);
        MatrixRD block = e.middleRows(r, n).cast<double>();
        q1.apply(block);
        e.middleRows(r, n) = block.cast<float>();
    }
}

}  // namespace

std::string FuseReport::summary() const {
    std::string s;
    for (const PlacementTraits& p : kPlacements) {
        if (!(plan.*p.on)) continue;
        if (!s.empty()) s += ", ";
        s += std::string(p.name) + " " + rotation_name(plan.*p.spec) + " (" + std::to_string(this->*p.order) + ")";
    }
    return s.empty() ? std::string("norms folded, no rotation") : s;
}

bool has_random_placement(const FusePlan& p) {
    for (const PlacementTraits& t : kPlacements)
        if (p.*t.on && is_random(p.*t.spec)) return true;
    return false;
}

int first_random_seed(const FusePlan& p) {
    for (const PlacementTraits& t : kPlacements)
        if (p.*t.on && is_random(p.*t.spec)) return static_cast<int>((p.*t.spec).seed);
    return -1;
}

void check_fuse_plan(const ModelConfig& c, const FusePlan& plan) {
    for (const PlacementTraits& p : kPlacements) {
        if (!(plan.*p.on)) continue;
        const int64_t n = p.order_of(c);
        try {
            // A per-layer placement may name a file with one matrix per layer.
            const RotationSpec& spec = plan.*p.spec;
            if (p.per_layer && c.n_layers > 1 && rotation_count(spec, n) == c.n_layers) rotation_matrices(spec, n, c.n_layers);
            else check_rotation_order(spec, n);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::BadInput) throw;
            fail_input("", std::string(p.name) + " over " + p.dim + " " + std::to_string(n) + ": " + e.what());
        }
    }
}

void fold_norms(Model& m) {
    check_shapes(m);
    for (Layer& L : m.layers) {
        for (const RoleTraits& r : kLayerRoles)
            if (const auto norm = input_traits(r.input).norm) apply(L.*r.linear, {&(L.*norm)});
        for (const LinearInputTraits& in : kLayerInputs)
            if (in.norm) (L.*in.norm).setOnes();
    }
    apply(m.lm_head, {&m.out_norm});
    m.out_norm.setOnes();
    // The head now differs from the embedding, so a writer must not tie them again.
    m.cfg.tied_embeddings = false;
}

LayerFuser::LayerFuser(const ModelConfig& c, const FusePlan& plan) : cfg_(c), plan_(plan) {
    check_fuse_plan(c, plan);
    // All rotations first: an impossible order is refused before any weight is copied.
    q1_ = planned(plan, Placement::R1, c);
    // R2 touches only the V rows and the O columns. Qwen3's q_norm/k_norm act on Q and K, which
    // R2 leaves unrotated, so R2 is valid with them; only R3 (rotating Q and K) would have to be
    // applied after those norms, online.
    const PlacementTraits& r2 = placement_traits(Placement::R2);
    if (plan.r2_on && r2.per_layer && c.n_layers > 1 && rotation_count(plan.r2, c.head_dim) == c.n_layers) {
        for (const Eigen::MatrixXd& q : rotation_matrices(plan.r2, c.head_dim, c.n_layers))
            r2_layers_.emplace_back(plan.r2, q, PreparedRotation::Precision::Float64);
    } else {
        r2_ = planned(plan, Placement::R2, c);
    }
    // R4: the down_proj input becomes x·Q4 online, so down_proj reads it through w·Q4
    // ((x·Q4)·(w·Q4)ᵀ = x·wᵀ).
    q4_ = planned(plan, Placement::R4, c);
}

LayerFuser::~LayerFuser() = default;

// Every linear that reads the residual stream (through its RMSNorm, folded here) reads it
// rotated by R1; every linear that writes it writes it rotated. R2 rotates the V rows and the
// O columns of each head; down reads its input rotated by R4.
void LayerFuser::layer(int l, Layer& L) const {
    const PreparedRotation* Q1 = q1_ ? &*q1_ : nullptr;
    const PreparedRotation* R2 = !r2_layers_.empty() ? &r2_layers_.at(static_cast<size_t>(l)) : r2_ ? &*r2_ : nullptr;
    const PreparedRotation* Q4 = q4_ ? &*q4_ : nullptr;
    for (const RoleTraits& r : kLayerRoles) {
        Linear& lin = L.*r.linear;
        if (r.role == Role::AttnO) {
            apply_o(lin, R2, Q1, cfg_.n_heads);
            continue;
        }
        const auto norm = input_traits(r.input).norm;
        Transform t;
        t.norm = norm ? &(L.*norm) : nullptr;
        t.right = norm ? Q1 : r.input == LinearInput::Down ? Q4 : nullptr;
        t.left_t = r.writes_residual ? Q1 : nullptr;
        t.head_rows_t = r.role == Role::AttnV ? R2 : nullptr;
        apply(lin, t);
    }
    for (const LinearInputTraits& in : kLayerInputs)
        if (in.norm) (L.*in.norm).setOnes();
}

void LayerFuser::embedding_rows(MatrixRM& rows) const {
    if (q1_) rotate_embedding(rows, *q1_);
}

void LayerFuser::head(Linear& head, const VectorF& out_norm) const { apply(head, {&out_norm, q1_ ? &*q1_ : nullptr, nullptr}); }

OnlineRotations LayerFuser::online() const {
    OnlineRotations o;
    // R3 needs no weight change: it cancels inside Q·Kᵀ.
    if (plan_.r3_on) o.r3 = plan_.r3;
    if (plan_.r4_on) o.r4 = plan_.r4;
    return o;
}

void LayerFuser::fill_report(FuseReport& report) const {
    report.plan = plan_;
    for (const PlacementTraits& p : kPlacements) report.*p.order = plan_.*p.on ? p.order_of(cfg_) : 0;
    report.norms_folded = 2 * cfg_.n_layers + 1;
}

Model fuse_rotations(const Model& in, const FusePlan& plan, const Progress& progress, FuseReport* report) {
    check_shapes(in);
    // Rotating twice would need the first online rotations composed with the second; nothing
    // needs that, and silently dropping them would change the model's function.
    if (in.online.any()) fail_input(model_label(in), "is already rotated (it has online R3/R4 rotations)");
    const LayerFuser fuser(in.cfg, plan);

    Model out = in;
    const int64_t n = static_cast<int64_t>(out.layers.size());
    progress(Stage::Fusing, 0, n + 1);
    fuser.embedding_rows(out.tok_embd);
    // Layers are independent: one per thread (the transforms inside run on that thread), a batch
    // of them between progress reports, so that a cancel is seen between batches.
    const int64_t batch = std::max(1, omp_get_max_threads());
    for (int64_t l0 = 0; l0 < n; l0 += batch) {
        const int64_t l1 = std::min(n, l0 + batch);
        std::exception_ptr error;
#pragma omp parallel for schedule(static, 1)
        for (int64_t l = l0; l < l1; ++l) {
            try {
                fuser.layer(static_cast<int>(l), out.layers[static_cast<size_t>(l)]);
            } catch (...) {
#pragma omp critical(rs_fuse_error)
                if (!error) error = std::current_exception();
            }
        }
        if (error) std::rethrow_exception(error);
        progress(Stage::Fusing, l1, n + 1);
    }
    fuser.head(out.lm_head, out.out_norm);
    out.out_norm.setOnes();
    out.cfg.tied_embeddings = false;  // see fold_norms
    out.online = fuser.online();
    progress(Stage::Fusing, n + 1, n + 1);
    if (report) fuser.fill_report(*report);
    return out;
}

}  // namespace rs
