// The activations gathered for fitting R1: exactly the q/k/v and gate/up inputs of the folded
// model, in the documented row order, whole windows within the token budget, and the massive
// flag on the rows of a token that carries a massive activation.
#include <gtest/gtest.h>

#include <map>

#include "backend/backend.h"
#include "core/error.h"
#include "fit/r1_activations.h"
#include "rotate/fuse.h"
#include "runtime/capture.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

class AllInputs final : public CaptureHook {
public:
    void on_linear_input(int layer, LinearInput site, const MatrixRM& x) override { seen[{layer, static_cast<int>(site)}].push_back(x); }
    std::map<std::pair<int, int>, std::vector<MatrixRM>> seen;
};

std::vector<std::vector<int32_t>> windows(int n, int len, int vocab) {
    std::vector<std::vector<int32_t>> w(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        for (int t = 0; t < len; ++t) w[static_cast<size_t>(i)].push_back((7 * i + 3 * t + 1) % vocab);
    return w;
}

TEST(R1Activations, rows_are_the_folded_models_qkv_and_gate_up_inputs_in_order) {
    Model m = testing::random_model(testing::tiny_config(Arch::Llama), 3);
    fold_norms(m);
    auto backend = make_cpu_backend();
    const auto wins = windows(3, 10, m.cfg.n_vocab);
    const R1Activations a = capture_r1_activations(m, *backend, wins, 0);
    const int L = m.cfg.n_layers;
    ASSERT_EQ(a.rows.rows(), 3 * L * 2 * 10);
    ASSERT_EQ(a.rows.cols(), m.cfg.d_model);
    EXPECT_EQ(a.rows_per_call, 10);

    AllInputs hook;
    Forward f(m, *backend);
    f.set_hook(&hook);
    MatrixRM out;
    for (const auto& w : wins) f.hidden(w, nullptr, out);
    for (int w = 0; w < 3; ++w)
        for (int l = 0; l < L; ++l)
            for (int s = 0; s < 2; ++s) {
                const LinearInput site = s == 0 ? LinearInput::QKV : LinearInput::GateUp;
                const MatrixRM& want = hook.seen[{l, static_cast<int>(site)}][static_cast<size_t>(w)];
                EXPECT_EQ(a.rows.middleRows(((w * L + l) * 2 + s) * 10, 10), want) << w << " " << l << " " << s;
            }

    // A budget of 25 tokens holds two whole windows of 10; one of 4 cuts the first window to 4.
    EXPECT_EQ(capture_r1_activations(m, *backend, wins, 25).rows.rows(), 2 * L * 2 * 10);
    const R1Activations cut = capture_r1_activations(m, *backend, wins, 4);
    EXPECT_EQ(cut.rows.rows(), L * 2 * 4);
    EXPECT_EQ(cut.rows_per_call, 4);
    EXPECT_EQ(cut.rows.topRows(4), a.rows.topRows(4));  // causal: the first tokens see the same past
}

TEST(R1Activations, a_token_with_a_massive_activation_is_flagged_at_every_layer) {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    Model m = testing::random_model(c, 4);
    const int32_t sink = 5;
    m.tok_embd.row(sink).setConstant(0.01f);
    m.tok_embd(sink, 9) = 1.0e4f;  // carried by the residual stream through every layer
    fold_norms(m);
    auto backend = make_cpu_backend();
    std::vector<std::vector<int32_t>> wins{{1, 2, sink, 3, 4, 6}};
    const R1Activations a = capture_r1_activations(m, *backend, wins, 0);
    ASSERT_EQ(a.massive.size(), static_cast<size_t>(a.rows.rows()));
    for (int64_t r = 0; r < a.rows.rows(); ++r) EXPECT_EQ(a.massive[static_cast<size_t>(r)], r % 6 == 2 ? 1 : 0) << "row " << r;
    EXPECT_EQ(a.massive_rows, c.n_layers * 2);
}

TEST(R1Activations, bad_windows_are_refused_in_one_line) {
    Model m = testing::random_model(testing::tiny_config(Arch::Llama), 5);
    auto backend = make_cpu_backend();
    auto refused = [&](std::vector<std::vector<int32_t>> w, const char* what) {
        try {
            capture_r1_activations(m, *backend, w, 0);
            ADD_FAILURE() << "accepted: " << what;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput) << what;
            EXPECT_NE(std::string(e.what()).find("rotation fitting"), std::string::npos) << e.what();
        }
    };
    refused({}, "no windows");
    refused({{1, 2, 3}, {1, 2}}, "windows of different lengths");
    refused({{1, 2, 999}}, "a token outside the vocabulary");
}

}  // namespace
}  // namespace rs
