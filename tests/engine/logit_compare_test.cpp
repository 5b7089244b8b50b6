// Logit comparison of a candidate model against a reference (issue 4): KL divergence against a
// naive double formula and a hand-computed case, PPLs against perplexity() in both protocols,
// KL/top-1 summaries against a recomputation from the whole windows' logits, the cached
// reference against the uncached path, bad input, cancellation and thread-count independence.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <functional>
#include <span>
#include <tuple>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "eval/logit_compare.h"
#include "eval/perplexity.h"
#include "quant/act_quant.h"
#include "quant/rtn.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using quant::parse_format_spec;

// KL(softmax(p) || softmax(q)) straight from the definition, in double.
double naive_kl(const std::vector<float>& p, const std::vector<float>& q) {
    auto softmax = [](const std::vector<float>& x) {
        const double mx = *std::max_element(x.begin(), x.end());
        std::vector<double> e(x.size());
        double z = 0;
        for (size_t i = 0; i < x.size(); ++i) z += (e[i] = std::exp(static_cast<double>(x[i]) - mx));
        for (double& v : e) v /= z;
        return e;
    };
    const auto P = softmax(p), Q = softmax(q);
    double kl = 0;
    for (size_t i = 0; i < P.size(); ++i)
        if (P[i] > 0) kl += P[i] * std::log(P[i] / Q[i]);
    return kl;
}

double naive_nll(const float* logits, int64_t n, int32_t target) {
    double mx = logits[0];
    for (int64_t i = 1; i < n; ++i) mx = std::max(mx, static_cast<double>(logits[i]));
    double z = 0;
    for (int64_t i = 0; i < n; ++i) z += std::exp(logits[i] - mx);
    return -(logits[target] - mx - std::log(z));
}

std::vector<float> random_logits(std::mt19937& rng, int n, float scale) {
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v) x = d(rng);
    return v;
}

std::vector<int32_t> random_tokens(int n, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int32_t> d(0, vocab - 1);
    std::vector<int32_t> t(n);
    for (auto& x : t) x = d(rng);
    return t;
}

ModelConfig config(Arch a) {
    ModelConfig c = testing::tiny_config(a);
    c.max_context = 1024;
    return c;
}

TEST(KlDivergence, HandComputedThreeTokens) {
    // P uniform, Q = (1/4, 1/2, 1/4): KL = (1/3)(ln 4/3 + ln 2/3 + ln 4/3) = (1/3) ln(32/27).
    const float p[3] = {0.0f, 0.0f, 0.0f};
    const float q[3] = {0.0f, static_cast<float>(std::log(2.0)), 0.0f};
    EXPECT_NEAR(kl_divergence(p, q, 3), std::log(32.0 / 27.0) / 3.0, 1e-8);
    // And the other direction: KL(Q || P) = 1/4 ln(3/4) + 1/2 ln(3/2) + 1/4 ln(3/4).
    EXPECT_NEAR(kl_divergence(q, p, 3), 0.5 * std::log(0.75) + 0.5 * std::log(1.5), 1e-8);
}

TEST(KlDivergence, MatchesNaiveFormula) {
    std::mt19937 rng(11);
    for (int n : {1, 2, 7, 1000, 49152})
        for (float scale : {0.1f, 3.0f, 12.0f}) {
            const auto p = random_logits(rng, n, scale);
            auto q = p;
            std::normal_distribution<float> noise(0.0f, 0.5f);
            for (float& x : q) x += noise(rng);
            const double want = naive_kl(p, q), got = kl_divergence(p.data(), q.data(), n);
            EXPECT_NEAR(got, want, 1e-12 + 1e-9 * want) << "n " << n << " scale " << scale;
            if (n > 1) EXPECT_GT(got, 0.0);
        }
}

TEST(KlDivergence, LargeLogitsDoNotOverflow) {
    std::mt19937 rng(12);
    auto p = random_logits(rng, 500, 2.0f), q = random_logits(rng, 500, 2.0f);
    const double want = naive_kl(p, q);
    for (float& x : p) x += 2000.0f;
    for (float& x : q) x -= 3000.0f;
    const double got = kl_divergence(p.data(), q.data(), 500);
    ASSERT_TRUE(std::isfinite(got));
    EXPECT_NEAR(got, want, 1e-3 * want);  // the shifts cost the floats their low bits
}

TEST(KlDivergence, ExactlyZeroForIdenticalLogits) {
    std::mt19937 rng(13);
    for (int n : {1, 3, 61, 49152}) {
        auto p = random_logits(rng, n, 7.0f);
        if (n > 3) p[1] = p[2] = p[0];  // ties
        EXPECT_EQ(kl_divergence(p.data(), p.data(), n), 0.0);
        const auto copy = p;
        EXPECT_EQ(kl_divergence(p.data(), copy.data(), n), 0.0);
    }
}

struct Fixture {
    Model model;
    std::unique_ptr<Backend> backend = make_cpu_backend();
    explicit Fixture(Arch a, uint32_t seed = 3) : model(testing::random_model(config(a), seed)) {}
};

PplResult ppl_of(Forward& f, const std::vector<int32_t>& tokens, int ctx, int max_windows, PplProtocol p) {
    PplOptions o;
    o.ctx = ctx;
    o.max_windows = max_windows;
    o.protocol = p;
    o.add_bos = false;
    return perplexity(f, tokens, o);
}

void expect_rel_near(double got, double want, double rel, const std::string& what) {
    EXPECT_NEAR(got, want, rel * std::abs(want)) << what;
}

TEST(CompareLogits, SameModelHasZeroKlFullAgreementAndPerplexityPpls) {
    for (Arch a : {Arch::Llama, Arch::Qwen3}) {
        Fixture f(a);
        Forward ref(f.model, *f.backend), cand(f.model, *f.backend);
        // ctx 300 splits the LM head into two slices; 2 complete windows, a tail of 17 dropped.
        for (auto [ctx, max_windows, n_tokens] : {std::tuple{16, 0, 3 * 16 + 5}, std::tuple{16, 2, 5 * 16},
                                                  std::tuple{300, 0, 2 * 300 + 17}}) {
            const auto tokens = random_tokens(n_tokens, f.model.cfg.n_vocab, 21);
            const LogitComparison r = compare_logits(ref, cand, tokens, {ctx, max_windows});
            const int windows = max_windows ? max_windows : n_tokens / ctx;
            const std::string what = "arch " + std::string(arch_name(a)) + " ctx " + std::to_string(ctx);
            EXPECT_EQ(r.windows, windows) << what;
            EXPECT_EQ(r.scored_tokens, int64_t{windows} * (ctx - 1)) << what;
            EXPECT_EQ(r.kl.count, r.scored_tokens) << what;
            EXPECT_EQ(r.kl.mean, 0.0) << what;
            EXPECT_EQ(r.kl.max, 0.0) << what;
            EXPECT_EQ(r.kl.p999, 0.0) << what;
            EXPECT_EQ(r.top1_agreement, 1.0) << what;
            EXPECT_EQ(r.reference.full, r.candidate.full) << what;
            EXPECT_EQ(r.reference.llamacpp, r.candidate.llamacpp) << what;

            const PplResult full = ppl_of(ref, tokens, ctx, max_windows, PplProtocol::Full);
            const PplResult half = ppl_of(ref, tokens, ctx, max_windows, PplProtocol::LlamaCpp);
            expect_rel_near(r.reference.full, full.ppl, 1e-12, what);
            expect_rel_near(r.reference.full_stderr, full.ppl_stderr, 1e-9, what);
            // perplexity() slices the LM head from ctx/2 on; its float logits may differ in the
            // last bit from rows sliced from 0.
            expect_rel_near(r.reference.llamacpp, half.ppl, 1e-8, what);
            EXPECT_NE(r.reference.full, r.reference.llamacpp) << what;
            EXPECT_GT(r.reference.full_stderr, 0.0) << what;
        }
    }
}

struct NaiveSummary {
    std::vector<double> kl;
    int64_t agree = 0;
    double full_nll = 0, half_nll = 0;
    int64_t half_n = 0;
};

int64_t first_argmax(const float* x, int64_t n) {
    int64_t b = 0;
    for (int64_t i = 0; i < n; ++i)
        if (x[i] > x[b]) b = i;
    return b;
}

// Every window's logits computed at once, scored with the test's own formulas.
NaiveSummary naive_compare(Forward& ref, Forward& cand, const std::vector<int32_t>& tokens, int ctx) {
    NaiveSummary s;
    const int64_t V = ref.model().cfg.n_vocab;
    for (size_t w = 0; (w + 1) * ctx <= tokens.size(); ++w) {
        const std::vector<int32_t> win(tokens.begin() + w * ctx, tokens.begin() + (w + 1) * ctx);
        MatrixRM h, lr, lc;
        ref.hidden(win, nullptr, h);
        ref.logits(h, lr);
        cand.hidden(win, nullptr, h);
        cand.logits(h, lc);
        for (int t = 0; t + 1 < ctx; ++t) {
            std::vector<float> p(lr.row(t).data(), lr.row(t).data() + V), q(lc.row(t).data(), lc.row(t).data() + V);
            s.kl.push_back(naive_kl(p, q));
            s.agree += first_argmax(p.data(), V) == first_argmax(q.data(), V);
            const double nll = naive_nll(q.data(), V, win[t + 1]);
            s.full_nll += nll;
            if (t >= ctx / 2) {
                s.half_nll += nll;
                ++s.half_n;
            }
        }
    }
    return s;
}

double nearest_rank(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto k = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()) - 1e-9));
    return v[std::max<size_t>(k, 1) - 1];
}

void expect_matches_naive(const LogitComparison& r, const NaiveSummary& s, const std::string& what) {
    const double n = static_cast<double>(s.kl.size());
    ASSERT_EQ(r.scored_tokens, static_cast<int64_t>(s.kl.size())) << what;
    double sum = 0;
    for (double v : s.kl) sum += v;
    expect_rel_near(r.kl.mean, sum / n, 1e-7, what + " mean");
    expect_rel_near(r.kl.max, *std::max_element(s.kl.begin(), s.kl.end()), 1e-7, what + " max");
    expect_rel_near(r.kl.p50, nearest_rank(s.kl, 0.5), 1e-7, what + " p50");
    expect_rel_near(r.kl.p90, nearest_rank(s.kl, 0.9), 1e-7, what + " p90");
    expect_rel_near(r.kl.p99, nearest_rank(s.kl, 0.99), 1e-7, what + " p99");
    expect_rel_near(r.kl.p999, nearest_rank(s.kl, 0.999), 1e-7, what + " p999");
    EXPECT_LE(r.kl.p50, r.kl.p90);
    EXPECT_LE(r.kl.p99, r.kl.max);
    EXPECT_DOUBLE_EQ(r.top1_agreement, static_cast<double>(s.agree) / n) << what;
    expect_rel_near(r.candidate.full, std::exp(s.full_nll / n), 1e-7, what + " cand full");
    expect_rel_near(r.candidate.llamacpp, std::exp(s.half_nll / static_cast<double>(s.half_n)), 1e-7,
                    what + " cand llamacpp");
}

TEST(CompareLogits, PerturbedModelMatchesNaiveRecomputation) {
    for (Arch a : {Arch::Llama, Arch::Qwen3}) {
        Fixture f(a, 4);
        const Model q = quantize_weights_rtn(f.model, parse_format_spec("int3"), true);
        Forward ref(f.model, *f.backend), cand(q, *f.backend);
        const int ctx = 40;
        const auto tokens = random_tokens(5 * ctx + 3, f.model.cfg.n_vocab, 22);
        const LogitComparison r = compare_logits(ref, cand, tokens, {ctx, 0});
        const std::string what = std::string("RTN int3 ") + arch_name(a);
        EXPECT_GT(r.kl.mean, 1e-4) << what;
        EXPECT_LT(r.top1_agreement, 1.0) << what;
        EXPECT_GT(r.top1_agreement, 0.2) << what;
        expect_matches_naive(r, naive_compare(ref, cand, tokens, ctx), what);
        expect_rel_near(r.candidate.full, ppl_of(cand, tokens, ctx, 0, PplProtocol::Full).ppl, 1e-12, what);

        // Activation quantization instead of weights.
        ActQuantConfig ac;
        ac.activations = parse_format_spec("int4:token");
        FakeQuantActivations fq(f.model.cfg, ac);
        Forward act(f.model, *f.backend);
        act.set_activation_transform(&fq);
        const LogitComparison ra = compare_logits(ref, act, tokens, {ctx, 0});
        EXPECT_GT(ra.kl.mean, 1e-5) << what;
        expect_matches_naive(ra, naive_compare(ref, act, tokens, ctx), "A4 " + what);
    }
}

void expect_same(const PplPair& a, const PplPair& b) {
    EXPECT_EQ(a.full, b.full);
    EXPECT_EQ(a.llamacpp, b.llamacpp);
    EXPECT_EQ(a.full_stderr, b.full_stderr);
}

void expect_same(const LogitComparison& a, const LogitComparison& b) {
    expect_same(a.reference, b.reference);
    expect_same(a.candidate, b.candidate);
    EXPECT_EQ(a.kl.mean, b.kl.mean);
    EXPECT_EQ(a.kl.max, b.kl.max);
    EXPECT_EQ(a.kl.p50, b.kl.p50);
    EXPECT_EQ(a.kl.p90, b.kl.p90);
    EXPECT_EQ(a.kl.p99, b.kl.p99);
    EXPECT_EQ(a.kl.p999, b.kl.p999);
    EXPECT_EQ(a.kl.count, b.kl.count);
    EXPECT_EQ(a.top1_agreement, b.top1_agreement);
    EXPECT_EQ(a.scored_tokens, b.scored_tokens);
    EXPECT_EQ(a.windows, b.windows);
}

TEST(CompareToReference, CachedReferenceGivesIdenticalMetrics) {
    for (Arch a : {Arch::Llama, Arch::Qwen3}) {
        Fixture f(a, 5);
        const Model q = quantize_weights_rtn(f.model, parse_format_spec("int4"));
        Forward ref(f.model, *f.backend), cand(q, *f.backend);
        for (CompareOptions o : {CompareOptions{24, 0}, CompareOptions{300, 0}, CompareOptions{24, 3}}) {
            const auto tokens = random_tokens(o.ctx * 4 + 7, f.model.cfg.n_vocab, 23);
            const ReferenceLogits cache = compute_reference_logits(ref, tokens, o);
            const int windows = o.max_windows ? o.max_windows : 4;
            EXPECT_EQ(cache.windows, windows);
            EXPECT_EQ(cache.n_vocab, f.model.cfg.n_vocab);
            ASSERT_EQ(cache.logits.size(), size_t(windows) * (o.ctx - 1) * f.model.cfg.n_vocab);
            EXPECT_EQ(reference_logits_bytes(f.model.cfg.n_vocab, static_cast<int64_t>(tokens.size()), o),
                      static_cast<int64_t>(cache.logits.size() * sizeof(float)));
            // The cache holds the reference's own logits: row 0 of window 1.
            MatrixRM h, lg;
            ref.hidden(std::span<const int32_t>(tokens.data() + o.ctx, o.ctx), nullptr, h);
            ref.logits(h, lg);
            const float* row = cache.logits.data() + int64_t{o.ctx - 1} * cache.n_vocab;
            for (int i = 0; i < cache.n_vocab; ++i) EXPECT_NEAR(row[i], lg(0, i), 1e-5f * (1 + std::abs(lg(0, i))));

            const LogitComparison cached = compare_to_reference(cache, cand, tokens);
            const LogitComparison direct = compare_logits(ref, cand, tokens, o);
            EXPECT_GT(cached.kl.mean, 0.0);
            expect_same(cached, direct);
            expect_same(cache.ppl, direct.reference);
            EXPECT_GT(cached.seconds, 0.0);
        }
    }
}

// The CPU backend splits a linear's outputs by thread count, which may move the last bit of a
// logit; this one does not, so that only the comparison's own threading is under test.
class SerialBackend final : public Backend {
public:
    std::string name() const override { return "serial"; }
    void linear(const MatrixRM& x, const Linear& l, MatrixRM& y) override {
        y.noalias() = x * l.w.transpose();
        if (l.b.size()) y.rowwise() += l.b.transpose();
    }
    void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) override {
        cpu_->rms_norm(x, w, eps, y);
    }

private:
    std::unique_ptr<Backend> cpu_ = make_cpu_backend();
};

TEST(CompareLogits, ResultsDoNotDependOnThreadCount) {
    Fixture f(Arch::Llama, 6);
    const Model q = quantize_weights_rtn(f.model, parse_format_spec("int3"));
    SerialBackend serial;
    Forward ref(f.model, serial), cand(q, serial);
    const auto tokens = random_tokens(3 * 64, f.model.cfg.n_vocab, 24);
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    const LogitComparison one = compare_logits(ref, cand, tokens, {64, 0});
    omp_set_num_threads(4);
    const LogitComparison four = compare_logits(ref, cand, tokens, {64, 0});
    omp_set_num_threads(saved);
    expect_same(one, four);
}

void expect_bad_input(const std::function<void()>& fn, const std::string& needle) {
    try {
        fn();
        ADD_FAILURE() << "no error; expected one mentioning '" << needle << "'";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        const std::string msg = e.what();
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
}

TEST(CompareLogits, BadInputIsRefusedWithOneLine) {
    Fixture f(Arch::Llama, 7);
    Forward ref(f.model, *f.backend), cand(f.model, *f.backend);
    const auto tokens = random_tokens(50, f.model.cfg.n_vocab, 25);
    expect_bad_input([&] { compare_logits(ref, cand, tokens, {3, 0}); }, "at least 4");
    expect_bad_input([&] { compare_logits(ref, cand, tokens, {64, 0}); }, "fewer than one window");
    expect_bad_input([&] { compute_reference_logits(ref, tokens, {2, 0}); }, "at least 4");
    expect_bad_input([&] { compute_reference_logits(ref, {1, 2, 3}, {8, 0}); }, "fewer than one window");

    const ReferenceLogits cache = compute_reference_logits(ref, tokens, {16, 0});  // 3 windows
    auto other = tokens;
    other[20] = (other[20] + 1) % f.model.cfg.n_vocab;
    expect_bad_input([&] { compare_to_reference(cache, cand, other); }, "tokens differ");
    const std::vector<int32_t> shorter(tokens.begin(), tokens.begin() + 40);  // 2 windows
    expect_bad_input([&] { compare_to_reference(cache, cand, shorter); }, "3 windows");
    // Extra tokens past the cached windows are the dropped tail, not a mismatch.
    auto longer = tokens;
    longer.push_back(1);
    EXPECT_NO_THROW(compare_to_reference(cache, cand, longer));

    ModelConfig c = config(Arch::Llama);
    c.n_vocab = 70;
    const Model wide = testing::random_model(c, 8);
    Forward wf(wide, *f.backend);
    expect_bad_input([&] { compare_to_reference(cache, wf, tokens); }, "vocabulary");
    expect_bad_input([&] { compare_logits(ref, wf, tokens, {16, 0}); }, "vocabulary");
}

TEST(CompareLogits, ReportsProgressAndCancelsBetweenWindows) {
    Fixture f(Arch::Qwen3, 9);
    Forward ref(f.model, *f.backend), cand(f.model, *f.backend);
    const auto tokens = random_tokens(4 * 16, f.model.cfg.n_vocab, 26);

    std::vector<std::pair<std::string, int64_t>> seen;
    Progress log{[&](const ProgressStep& step_) { const std::string s = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
                     EXPECT_EQ(total, 4);
                     seen.emplace_back(std::string(s), done);
                 },
                 nullptr};
    const ReferenceLogits cache = compute_reference_logits(ref, tokens, {16, 0}, log);
    compare_to_reference(cache, cand, tokens, log);
    compare_logits(ref, cand, tokens, {16, 0}, log);
    ASSERT_EQ(seen.size(), 15u);
    for (int i = 0; i < 15; ++i) {
        EXPECT_EQ(seen[i].first, i < 5 ? "reference" : "evaluating");
        EXPECT_EQ(seen[i].second, i % 5);
    }

    auto cancelled_after = [&](int windows, const std::function<void(const Progress&)>& fn) {
        CancelToken token;
        int64_t last = -1;
        Progress p{[&](const ProgressStep& step_) { const int64_t done = step_.done;
                       last = done;
                       if (done == windows) token.cancel();
                   },
                   &token};
        try {
            fn(p);
            ADD_FAILURE() << "not cancelled";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
        }
        EXPECT_EQ(last, windows);  // nothing reported after the cancel
    };
    cancelled_after(1, [&](const Progress& p) { compare_logits(ref, cand, tokens, {16, 0}, p); });
    cancelled_after(2, [&](const Progress& p) { compute_reference_logits(ref, tokens, {16, 0}, p); });
    cancelled_after(0, [&](const Progress& p) { compare_to_reference(cache, cand, tokens, p); });
}

}  // namespace
}  // namespace rs
