// The activation census against a naive recomputation: the test records every activation of
// tiny random models with its own capture hook, recomputes each statistic in double with plain
// loops and full sorts, and compares. Also: thread-count independence, cancellation, the
// building blocks (Moments, LogHistogram, the site accumulator on special values) and the
// census configuration's JSON form.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <functional>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "backend/backend.h"
#include "calib/census.h"
#include "calib/census_run.h"
#include "calib/census_site_stats.h"
#include "core/error.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

constexpr int kPerLayer = 5;

// ---------------------------------------------------------------------------------------------
// Recording every activation independently of the census

using SiteKey = std::pair<int, CensusSite>;

class Recorder : public CaptureHook {
public:
    std::map<SiteKey, std::vector<MatrixRM>> seen;  // one matrix per window, in window order
    void on_linear_input(int layer, LinearInput in, const MatrixRM& x) override {
        static const std::map<LinearInput, CensusSite> site{{LinearInput::QKV, CensusSite::AttnIn},
                                                            {LinearInput::O, CensusSite::OIn},
                                                            {LinearInput::GateUp, CensusSite::MlpIn},
                                                            {LinearInput::Down, CensusSite::DownIn},
                                                            {LinearInput::LmHead, CensusSite::LmHeadIn}};
        seen[{layer, site.at(in)}].push_back(x);
    }
    void on_residual(int layer, const MatrixRM& h) override { seen[{layer, CensusSite::Residual}].push_back(h); }
};

std::map<SiteKey, std::vector<MatrixRM>> record(const Model& m, const CalibrationSet& cal) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    Recorder rec;
    fwd.set_hook(&rec);
    MatrixRM hidden, logits;
    for (const CalibrationWindow& w : cal.windows) {
        fwd.hidden(w.tokens, nullptr, hidden);
        fwd.logits(hidden, logits);  // reports the LM head's input through the hook
    }
    return rec.seen;
}

CalibrationSet hand_made_calibration(int windows, int ctx, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    CalibrationSet cal;
    cal.corpus_name = cal.corpus_path = "hand-made";
    cal.ctx = ctx;
    cal.seed = seed;
    for (int w = 0; w < windows; ++w) {
        CalibrationWindow win;
        win.offset = w * 100;
        for (int t = 0; t < ctx; ++t) {
            win.tokens.push_back(static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab)));
            win.texts.push_back("t" + std::to_string(win.tokens.back()));
        }
        cal.windows.push_back(std::move(win));
    }
    return cal;
}

Census census_of(const Model& m, const CalibrationSet& cal, const CensusConfig& cfg, size_t max_pending = 0) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    if (max_pending) return census_detail::run_census(fwd, cal, cfg, {}, max_pending);
    return run_census(fwd, cal, cfg);
}

// ---------------------------------------------------------------------------------------------
// Naive statistics

struct Value {
    double v;
    int window, position, channel;
};

bool naive_ranks_before(const Value& a, const Value& b) {
    if (std::abs(a.v) != std::abs(b.v)) return std::abs(a.v) > std::abs(b.v);
    return std::tie(a.window, a.position, a.channel) < std::tie(b.window, b.position, b.channel);
}

double naive_median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// The bin whose [lower edge, next edge) holds |x|, by comparison with the documented edges.
int naive_bin(double a) {
    for (int i = 0; i < LogHistogram::kBins; ++i)
        if (a >= LogHistogram::bin_lower_edge(i) && a < LogHistogram::bin_lower_edge(i + 1)) return i;
    return a < LogHistogram::bin_lower_edge(0) ? -1 : LogHistogram::kBins;
}

void expect_close(double got, double want, double scale, double rel, const std::string& what) {
    EXPECT_LE(std::abs(got - want), rel * std::max(std::abs(want), scale)) << what << ": got " << got << " want " << want;
}

void expect_entry(const ActivationEntry& e, const Value& v, const CalibrationSet& cal, float median,
                  const std::string& what) {
    EXPECT_EQ(e.value, static_cast<float>(v.v)) << what;
    EXPECT_EQ(e.window, v.window) << what;
    EXPECT_EQ(e.position, v.position) << what;
    EXPECT_EQ(e.channel, v.channel) << what;
    EXPECT_EQ(e.token, cal.windows[static_cast<size_t>(v.window)].tokens[static_cast<size_t>(v.position)]) << what;
    EXPECT_EQ(e.median, median) << what;
}

void expect_site_matches(const SiteCensus& s, const std::vector<MatrixRM>& mats, const CalibrationSet& cal,
                         const CensusConfig& cfg) {
    const std::string where = std::string(census_site_name(s.site)) + " layer " + std::to_string(s.layer);
    SCOPED_TRACE(where);
    const int W = static_cast<int>(mats.size()), T = cal.ctx, C = static_cast<int>(mats[0].cols());
    ASSERT_EQ(W, static_cast<int>(cal.windows.size()));
    ASSERT_EQ(s.channels, C);
    EXPECT_EQ(s.count, static_cast<uint64_t>(W) * T * C);

    // Per channel, two passes over all windows.
    ASSERT_EQ(s.channel_absmax.size(), static_cast<size_t>(C));
    ASSERT_EQ(s.channel_mean.size(), static_cast<size_t>(C));
    double all_sum = 0;
    float absmax = 0;
    for (int c = 0; c < C; ++c) {
        double sum = 0, sq = 0;
        float amax = 0;
        for (const MatrixRM& m : mats)
            for (int t = 0; t < T; ++t) {
                sum += m(t, c);
                sq += double(m(t, c)) * m(t, c);
                amax = std::max(amax, std::abs(m(t, c)));
            }
        const double n = double(W) * T, mean = sum / n;
        double m2 = 0, m4 = 0;
        for (const MatrixRM& m : mats)
            for (int t = 0; t < T; ++t) {
                const double d = m(t, c) - mean;
                m2 += d * d;
                m4 += d * d * d * d;
            }
        const double rms = std::sqrt(sq / n);
        EXPECT_EQ(s.channel_absmax[c], amax) << "channel " << c;
        expect_close(s.channel_mean[c], mean, rms, 1e-9, "mean of channel " + std::to_string(c));
        expect_close(s.channel_rms[c], rms, 0, 1e-9, "rms of channel " + std::to_string(c));
        expect_close(s.channel_kurtosis[c], n * m4 / (m2 * m2), 0, 1e-9, "kurtosis of channel " + std::to_string(c));
        all_sum += sum;
        absmax = std::max(absmax, amax);
    }
    EXPECT_EQ(s.absmax, absmax);

    // The whole site, two passes; the list of every value for the sorts.
    std::vector<Value> all;
    for (int w = 0; w < W; ++w)
        for (int t = 0; t < T; ++t)
            for (int c = 0; c < C; ++c) all.push_back({mats[static_cast<size_t>(w)](t, c), w, t, c});
    const double n = double(all.size()), mean = all_sum / n;
    double m2 = 0, m3 = 0, m4 = 0, sq = 0;
    for (const Value& v : all) {
        const double d = v.v - mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
        sq += v.v * v.v;
    }
    EXPECT_EQ(s.moments.n, n);
    expect_close(s.moments.mean, mean, std::sqrt(sq / n), 1e-9, "site mean");
    expect_close(s.moments.m2, m2, 0, 1e-9, "site m2");
    expect_close(s.moments.m3, m3, std::sqrt(m2 * m2 * m2 / n), 1e-9, "site m3");
    expect_close(s.moments.m4, m4, 0, 1e-9, "site m4");
    expect_close(s.moments.rms(), std::sqrt(sq / n), 0, 1e-9, "site rms");
    expect_close(s.kurtosis(), n * m4 / (m2 * m2), 0, 1e-9, "site kurtosis");

    // Per token, per window.
    ASSERT_EQ(s.token_absmax.size(), static_cast<size_t>(W * T));
    ASSERT_EQ(s.window_median.size(), static_cast<size_t>(W));
    std::vector<double> medians;
    for (int w = 0; w < W; ++w) {
        std::vector<double> mags;
        for (int t = 0; t < T; ++t) {
            float tmax = 0;
            for (int c = 0; c < C; ++c) {
                tmax = std::max(tmax, std::abs(mats[static_cast<size_t>(w)](t, c)));
                mags.push_back(std::abs(mats[static_cast<size_t>(w)](t, c)));
            }
            EXPECT_EQ(s.token_absmax[static_cast<size_t>(w * T + t)], tmax) << "window " << w << " token " << t;
        }
        medians.push_back(naive_median(mags));
        EXPECT_EQ(s.window_median[static_cast<size_t>(w)], static_cast<float>(medians.back())) << "window " << w;
        // The window's three largest magnitudes, by a full sort.
        std::sort(mags.begin(), mags.end(), std::greater<>());
        ASSERT_EQ(s.window_top.size(), static_cast<size_t>(W * SiteCensus::kWindowTop));
        for (int i = 0; i < SiteCensus::kWindowTop; ++i)
            EXPECT_EQ(s.window_top[static_cast<size_t>(w * SiteCensus::kWindowTop + i)], static_cast<float>(mags[static_cast<size_t>(i)]))
                << "window " << w << " top " << i;
    }
    std::vector<double> float_medians;
    for (double m : medians) float_medians.push_back(static_cast<float>(m));
    EXPECT_EQ(s.median, naive_median(float_medians));

    // Top-k by a full sort.
    std::vector<Value> sorted = all;
    std::sort(sorted.begin(), sorted.end(), naive_ranks_before);
    ASSERT_EQ(s.top.size(), std::min<size_t>(static_cast<size_t>(cfg.top_k), all.size()));
    for (size_t i = 0; i < s.top.size(); ++i) expect_entry(s.top[i], sorted[i], cal, 0.0f, "top " + std::to_string(i));

    // Massive values: both thresholds against each window's median.
    std::vector<Value> massive;
    for (const Value& v : sorted)
        if (std::abs(v.v) > cfg.massive_abs && std::abs(v.v) >= cfg.massive_ratio * medians[static_cast<size_t>(v.window)])
            massive.push_back(v);
    EXPECT_EQ(s.massive_count, massive.size());
    ASSERT_EQ(s.massive.size(), std::min(massive.size(), static_cast<size_t>(cfg.max_massive_per_site)));
    for (size_t i = 0; i < s.massive.size(); ++i)
        expect_entry(s.massive[i], massive[i], cal, static_cast<float>(medians[static_cast<size_t>(massive[i].window)]),
                     "massive " + std::to_string(i));

    // Histogram by comparison with the edges.
    LogHistogram h;
    for (const Value& v : all) {
        if (!std::isfinite(v.v)) ++h.nonfinite;
        else if (v.v == 0) ++h.zeros;
        else {
            const int b = naive_bin(std::abs(v.v));
            if (b < 0) ++h.underflow;
            else if (b == LogHistogram::kBins) ++h.overflow;
            else ++(v.v < 0 ? h.neg : h.pos)[static_cast<size_t>(b)];
        }
    }
    EXPECT_EQ(s.histogram.pos, h.pos);
    EXPECT_EQ(s.histogram.neg, h.neg);
    EXPECT_EQ(s.histogram.zeros, h.zeros);
    EXPECT_EQ(s.histogram.underflow, h.underflow);
    EXPECT_EQ(s.histogram.overflow, h.overflow);
    EXPECT_EQ(s.histogram.nonfinite, h.nonfinite);
    EXPECT_EQ(s.histogram.total(), s.count);

    // The captured rows, as computed.
    const int rows = std::min(cfg.capture_tokens, T);
    ASSERT_EQ(s.captured.rows(), rows);
    ASSERT_EQ(s.captured.cols(), C);
    EXPECT_TRUE(s.captured == mats[static_cast<size_t>(cfg.capture_window)].topRows(rows));
}

void expect_census_matches(const Census& census, const Model& m, const CalibrationSet& cal, const CensusConfig& cfg) {
    const auto seen = record(m, cal);
    const ModelConfig& mc = m.cfg;
    ASSERT_EQ(census.n_layers, mc.n_layers);
    ASSERT_EQ(census.sites.size(), static_cast<size_t>(mc.n_layers * kPerLayer + 1));
    EXPECT_EQ(census.config.windows, static_cast<int>(cal.windows.size()));
    EXPECT_EQ(census.calibration.windows.size(), cal.windows.size());
    EXPECT_GT(census.seconds, 0.0);
    size_t i = 0;
    for (int l = 0; l < mc.n_layers; ++l)
        for (CensusSite site : {CensusSite::AttnIn, CensusSite::OIn, CensusSite::MlpIn, CensusSite::DownIn,
                                CensusSite::Residual}) {
            const SiteCensus& s = census.sites[i++];
            EXPECT_EQ(s.layer, l);
            EXPECT_EQ(s.site, site);
            EXPECT_EQ(census.find(l, site), &s);
            expect_site_matches(s, seen.at({l, site}), cal, cfg);
        }
    const SiteCensus& head = census.sites.back();
    EXPECT_EQ(head.layer, -1);
    EXPECT_EQ(head.site, CensusSite::LmHeadIn);
    EXPECT_EQ(census.find(-1, CensusSite::LmHeadIn), &head);
    expect_site_matches(head, seen.at({-1, CensusSite::LmHeadIn}), cal, cfg);
    EXPECT_EQ(census.find(mc.n_layers, CensusSite::AttnIn), nullptr);
    EXPECT_EQ(census.find(0, CensusSite::LmHeadIn), nullptr);
    EXPECT_EQ(census.find(-1, CensusSite::Residual), nullptr);
}

CensusConfig small_config() {
    CensusConfig cfg;
    cfg.windows = 3;
    cfg.ctx = 24;
    cfg.top_k = 7;
    cfg.massive_abs = 1.5;
    cfg.massive_ratio = 4;
    cfg.max_massive_per_site = 5;
    cfg.capture_window = 1;
    cfg.capture_tokens = 10;
    return cfg;
}

TEST(Census, LlamaMatchesNaiveStatistics) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 21);
    const CensusConfig cfg = small_config();
    const CalibrationSet cal = hand_made_calibration(3, 24, m.cfg.n_vocab, 4);
    const Census census = census_of(m, cal, cfg);
    expect_census_matches(census, m, cal, cfg);
    // The thresholds were chosen to fire, and to overflow the list somewhere.
    uint64_t fired = 0;
    bool truncated = false;
    for (const SiteCensus& s : census.sites) {
        fired += s.massive_count;
        truncated |= s.massive_count > s.massive.size();
    }
    EXPECT_GT(fired, 0u);
    EXPECT_TRUE(truncated);
}

TEST(Census, Qwen3MatchesNaiveStatisticsWithEvenWindowCount) {
    // Four windows: the site median is the mean of the two middle window medians. Qwen3's
    // attention width (4 x 16) differs from d_model, so o_in has its own channel count.
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 22);
    CensusConfig cfg = small_config();
    cfg.windows = 4;
    cfg.capture_window = 3;
    cfg.capture_tokens = 100;  // more than ctx: clamped
    cfg.max_massive_per_site = 1000;
    const CalibrationSet cal = hand_made_calibration(4, 24, m.cfg.n_vocab, 5);
    // Buffers flushed every few sites, in the middle of windows.
    const Census census = census_of(m, cal, cfg, 3000);
    EXPECT_EQ(census.find(1, CensusSite::OIn)->channels, 64);
    expect_census_matches(census, m, cal, cfg);
}

TEST(Census, NothingMassiveUnderHighThresholds) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 23);
    CensusConfig cfg = small_config();
    cfg.massive_abs = 1e6;
    cfg.capture_tokens = 0;
    const CalibrationSet cal = hand_made_calibration(3, 24, m.cfg.n_vocab, 6);
    const Census census = census_of(m, cal, cfg);
    expect_census_matches(census, m, cal, cfg);
    for (const SiteCensus& s : census.sites) {
        EXPECT_EQ(s.massive_count, 0u);
        EXPECT_TRUE(s.massive.empty());
    }
}

void expect_same_entries(const std::vector<ActivationEntry>& a, const std::vector<ActivationEntry>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].value, b[i].value);
        EXPECT_EQ(a[i].median, b[i].median);
        EXPECT_EQ(a[i].window, b[i].window);
        EXPECT_EQ(a[i].position, b[i].position);
        EXPECT_EQ(a[i].channel, b[i].channel);
        EXPECT_EQ(a[i].token, b[i].token);
    }
}

// Feeds windows to one site accumulator, as run_census does.
SiteCensus accumulate(const std::vector<MatrixRM>& windows, const CensusConfig& cfg) {
    SiteCensus out;
    out.channels = static_cast<int>(windows[0].cols());
    const int T = static_cast<int>(windows[0].rows());
    census_detail::SiteAccumulator acc(out, cfg, static_cast<int>(windows.size()), T);
    census_detail::StatsScratch scratch;
    std::vector<int32_t> tokens(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) tokens[static_cast<size_t>(t)] = 1000 + t;
    for (size_t w = 0; w < windows.size(); ++w) acc.add_window(windows[w], static_cast<int>(w), tokens, scratch);
    acc.finish();
    return out;
}

void expect_same_site(const SiteCensus& a, const SiteCensus& b) {
    EXPECT_EQ(a.count, b.count);
    EXPECT_EQ(a.channel_absmax, b.channel_absmax);
    EXPECT_EQ(a.channel_mean, b.channel_mean);
    EXPECT_EQ(a.channel_rms, b.channel_rms);
    EXPECT_EQ(a.channel_kurtosis, b.channel_kurtosis);
    EXPECT_EQ(a.moments.mean, b.moments.mean);
    EXPECT_EQ(a.moments.m2, b.moments.m2);
    EXPECT_EQ(a.moments.m3, b.moments.m3);
    EXPECT_EQ(a.moments.m4, b.moments.m4);
    EXPECT_EQ(a.absmax, b.absmax);
    EXPECT_EQ(a.token_absmax, b.token_absmax);
    EXPECT_EQ(a.window_median, b.window_median);
    EXPECT_EQ(a.window_top, b.window_top);
    EXPECT_EQ(a.median, b.median);
    expect_same_entries(a.top, b.top);
    expect_same_entries(a.massive, b.massive);
    EXPECT_EQ(a.massive_count, b.massive_count);
    EXPECT_EQ(a.histogram.pos, b.histogram.pos);
    EXPECT_EQ(a.histogram.neg, b.histogram.neg);
    EXPECT_EQ(a.histogram.zeros, b.histogram.zeros);
    EXPECT_TRUE(a.captured == b.captured);
}

// Plain loops on one thread: unlike the CPU backend, whose per-thread matmul slices change shape
// with the thread count, its results cannot depend on OMP_NUM_THREADS (attention is split by
// head and block, each computed whole by one thread). So any difference below is the census's.
class PlainBackend : public Backend {
public:
    std::string name() const override { return "plain"; }
    void linear(const MatrixRM& x, const Linear& l, MatrixRM& y) override {
        y.resize(x.rows(), l.w.rows());
        for (int64_t t = 0; t < x.rows(); ++t)
            for (int64_t o = 0; o < l.w.rows(); ++o) {
                float s = l.b.size() ? l.b[o] : 0.0f;
                for (int64_t i = 0; i < x.cols(); ++i) s += x(t, i) * l.w(o, i);
                y(t, o) = s;
            }
    }
    void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) override {
        y.resize(x.rows(), x.cols());
        for (int64_t t = 0; t < x.rows(); ++t) {
            float ms = 0;
            for (int64_t i = 0; i < x.cols(); ++i) ms += x(t, i) * x(t, i);
            const float r = 1.0f / std::sqrt(ms / static_cast<float>(x.cols()) + eps);
            for (int64_t i = 0; i < x.cols(); ++i) y(t, i) = x(t, i) * r * w[i];
        }
    }
};

TEST(Census, SameResultWithAnyThreadCountAndBuffer) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 24);
    CensusConfig cfg = small_config();
    cfg.massive_ratio = 3;  // many massive values, so that lists are cut
    const CalibrationSet cal = hand_made_calibration(3, 24, m.cfg.n_vocab, 7);
    const int before = omp_get_max_threads();
    auto run = [&](int threads, size_t max_pending) {
        omp_set_num_threads(threads);
        PlainBackend backend;
        Forward fwd(m, backend);
        return census_detail::run_census(fwd, cal, cfg, {}, max_pending);
    };
    const Census ref = run(1, census_detail::kDefaultPendingValues);
    for (int threads : {1, 2, 3})
        for (size_t pending : {size_t{1}, size_t{5000}, census_detail::kDefaultPendingValues}) {
            SCOPED_TRACE(std::to_string(threads) + " threads, " + std::to_string(pending) + " pending values");
            const Census other = run(threads, pending);
            ASSERT_EQ(other.sites.size(), ref.sites.size());
            for (size_t i = 0; i < ref.sites.size(); ++i) expect_same_site(ref.sites[i], other.sites[i]);
        }
    omp_set_num_threads(before);
    uint64_t massive = 0;
    for (const SiteCensus& s : ref.sites) massive += s.massive_count;
    EXPECT_GT(massive, 0u);
}

TEST(Census, CancelStopsBetweenWindows) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 25);
    const CalibrationSet cal = hand_made_calibration(3, 24, m.cfg.n_vocab, 8);
    CancelToken token;
    std::vector<int64_t> done_reports;
    Progress progress;
    progress.cancel = &token;
    progress.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        EXPECT_EQ(stage, "census");
        EXPECT_EQ(total, 3);
        done_reports.push_back(done);
        if (done == 1) token.cancel();
    };
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    try {
        run_census(fwd, cal, small_config(), progress);
        FAIL() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(done_reports, (std::vector<int64_t>{0, 1}));
    // The census hook is gone: the forward pass runs on its own and gives the same output.
    MatrixRM after, fresh;
    fwd.hidden(cal.windows[0].tokens, nullptr, after);
    Forward other(m, *backend);
    other.hidden(cal.windows[0].tokens, nullptr, fresh);
    EXPECT_TRUE(after == fresh);
}

TEST(Census, RefusesMismatchedInputs) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 26);
    CalibrationSet cal = hand_made_calibration(2, 24, m.cfg.n_vocab, 9);
    CensusConfig cfg = small_config();
    cfg.capture_window = 2;  // only two windows
    EXPECT_THROW(census_of(m, cal, cfg), Error);
    cal.windows[1].tokens.pop_back();
    EXPECT_THROW(census_of(m, cal, small_config()), Error);
    cal.windows.clear();
    EXPECT_THROW(census_of(m, cal, small_config()), Error);
}

// ---------------------------------------------------------------------------------------------
// The site accumulator on values a model rarely produces

TEST(SiteAccumulator, SpecialValuesLandInTheRightPlaces) {
    const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
    MatrixRM x = MatrixRM::Constant(17, 70, 0.75f);
    x(0, 0) = 0.0f;
    x(0, 1) = -0.0f;
    x(1, 2) = 1e-40f;    // denormal: underflow
    x(2, 3) = -3e-8f;    // below 2^-24: underflow
    x(3, 4) = 70000.0f;  // overflow
    x(4, 5) = -inf;
    x(5, 6) = nan;
    x(16, 69) = -65535.0f;
    CensusConfig cfg;
    cfg.top_k = 4;
    cfg.massive_abs = 10;
    cfg.massive_ratio = 1;
    cfg.capture_window = 0;
    cfg.windows = 1;
    const SiteCensus s = accumulate({x}, cfg);

    LogHistogram want;
    for (int64_t i = 0; i < x.size(); ++i) want.add(x.data()[i]);
    EXPECT_EQ(s.histogram.pos, want.pos);
    EXPECT_EQ(s.histogram.neg, want.neg);
    EXPECT_EQ(s.histogram.zeros, 2u);
    EXPECT_EQ(s.histogram.underflow, 2u);
    EXPECT_EQ(s.histogram.overflow, 1u);
    EXPECT_EQ(s.histogram.nonfinite, 2u);
    EXPECT_EQ(s.histogram.total(), static_cast<uint64_t>(x.size()));

    // NaN is never a maximum nor listed; Inf is.
    EXPECT_EQ(s.token_absmax[4], inf);
    EXPECT_EQ(s.token_absmax[5], 0.75f);
    EXPECT_EQ(s.absmax, inf);
    ASSERT_EQ(s.top.size(), 4u);
    EXPECT_EQ(s.top[0].value, -inf);
    EXPECT_EQ(s.top[1].value, 70000.0f);
    EXPECT_EQ(s.top[2].value, -65535.0f);
    EXPECT_EQ(s.top[2].token, 1016);
    // Ties among the remaining 0.75s go to the earliest (position, channel).
    EXPECT_EQ(s.top[3].value, 0.75f);
    EXPECT_EQ(s.top[3].position, 0);
    EXPECT_EQ(s.top[3].channel, 2);
    EXPECT_EQ(s.massive_count, 3u);
    ASSERT_EQ(s.massive.size(), 3u);
    EXPECT_EQ(s.massive[0].value, -inf);
    EXPECT_EQ(s.massive[0].median, 0.75f);
    EXPECT_EQ(s.window_median[0], 0.75f);
}

TEST(SiteAccumulator, MedianOfEvenCountAveragesTheMiddleValues) {
    // 2 x 2 values: |x| = 1, 2, 3, 4 -> median 2.5 (the two middle values in different keys).
    MatrixRM x(2, 2);
    x << -4, 1, 3, -2;
    CensusConfig cfg;
    cfg.windows = 2;
    // A second window whose median lies far away: the site median is the mean of the two.
    MatrixRM y = MatrixRM::Constant(2, 2, 100.0f);
    const SiteCensus s = accumulate({x, y}, cfg);
    EXPECT_EQ(s.window_median[0], 2.5f);
    EXPECT_EQ(s.window_median[1], 100.0f);
    EXPECT_EQ(s.median, 51.25);
    EXPECT_EQ(census_detail::median_of({3, 1, 2}), 2.0);
    EXPECT_EQ(census_detail::median_of({}), 0.0);
}

TEST(SiteAccumulator, MedianWhenMostValuesShareOneBucket) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(1.0f, 1.001f);  // all in one key
    MatrixRM x(33, 31);
    std::vector<double> mags;
    for (int64_t i = 0; i < x.size(); ++i) {
        x.data()[i] = (i % 3 ? 1.0f : -1.0f) * u(rng);
        mags.push_back(std::abs(x.data()[i]));
    }
    CensusConfig cfg;
    cfg.windows = 1;
    const SiteCensus s = accumulate({x}, cfg);
    EXPECT_EQ(s.window_median[0], static_cast<float>(naive_median(mags)));
}

// ---------------------------------------------------------------------------------------------
// Moments and LogHistogram

TEST(Moments, MergeEqualsOnePassFarFromZero) {
    // A skewed sample around 1e4: the naive sum-of-powers formulas lose every digit here.
    std::mt19937_64 rng(17);
    std::exponential_distribution<double> ex(1.0);
    std::vector<double> x(1000);
    for (double& v : x) v = 1e4 + ex(rng);
    long double sum = 0;
    for (double v : x) sum += v;
    const long double mean = sum / x.size();
    long double m2 = 0, m3 = 0, m4 = 0, sq = 0;
    for (double v : x) {
        const long double d = v - mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
        sq += static_cast<long double>(v) * v;
    }
    // Uneven parts, each built value by value, then merged.
    Moments total;
    size_t at = 0;
    for (size_t part : {1, 7, 300, 0, 692}) {
        Moments m;
        for (size_t i = 0; i < part; ++i) m.add(x[at++]);
        total.merge(m);
    }
    ASSERT_EQ(at, x.size());
    EXPECT_EQ(total.n, 1000);
    expect_close(total.mean, double(mean), 0, 1e-14, "mean");
    expect_close(total.m2, double(m2), 0, 1e-9, "m2");
    expect_close(total.m3, double(m3), 0, 1e-9, "m3");
    expect_close(total.m4, double(m4), 0, 1e-9, "m4");
    expect_close(total.kurtosis(), double(1000 * m4 / (m2 * m2)), 0, 1e-9, "kurtosis");
    expect_close(total.rms(), double(std::sqrt(sq / 1000)), 0, 1e-12, "rms");
    // Exponential: skewness 2, kurtosis 9; a sample of 1000 lands near.
    EXPECT_NEAR(total.kurtosis(), 9.0, 4.0);

    Moments flat;
    for (int i = 0; i < 5; ++i) flat.add(3.0);
    EXPECT_EQ(flat.kurtosis(), 0.0);
    EXPECT_EQ(flat.rms(), 3.0);
    EXPECT_EQ(Moments().rms(), 0.0);
}

TEST(LogHistogram, EdgesFollowTheFormula) {
    EXPECT_EQ(LogHistogram::kBins, 160);
    EXPECT_EQ(LogHistogram::bin_lower_edge(0), std::ldexp(1.0, -24));
    EXPECT_EQ(LogHistogram::bin_lower_edge(1), std::ldexp(1.25, -24));
    EXPECT_EQ(LogHistogram::bin_lower_edge(3), std::ldexp(1.75, -24));
    EXPECT_EQ(LogHistogram::bin_lower_edge(4), std::ldexp(1.0, -23));
    EXPECT_EQ(LogHistogram::bin_lower_edge(98), 1.5);  // e = -24 + 24 = 0, j = 2
    EXPECT_EQ(LogHistogram::bin_lower_edge(159), 1.75 * 32768);
    EXPECT_EQ(LogHistogram::bin_lower_edge(160), 65536.0);
}

TEST(LogHistogram, BinOfAtAndBelowEveryEdge) {
    for (int i = 0; i <= LogHistogram::kBins; ++i) {
        const float edge = static_cast<float>(LogHistogram::bin_lower_edge(i));
        ASSERT_EQ(static_cast<double>(edge), LogHistogram::bin_lower_edge(i));  // edges are floats
        EXPECT_EQ(LogHistogram::bin_of(edge), i) << i;
        EXPECT_EQ(LogHistogram::bin_of(std::nextafter(edge, 0.0f)), i - 1) << i;
    }
    EXPECT_EQ(LogHistogram::bin_of(0.0f), -1);
    EXPECT_EQ(LogHistogram::bin_of(1e-40f), -1);
    EXPECT_EQ(LogHistogram::bin_of(std::numeric_limits<float>::max()), LogHistogram::kBins);
    EXPECT_EQ(LogHistogram::bin_of(std::numeric_limits<float>::infinity()), LogHistogram::kBins);
}

TEST(LogHistogram, AddSortsEveryKindOfValue) {
    LogHistogram h;
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    for (float v : {0.0f, -0.0f, 1e-40f, -1e-30f, 1e9f, -65536.0f, nan, -inf, inf, 1.0f, -1.0f, 1.2f, -1.25f})
        h.add(v);
    EXPECT_EQ(h.zeros, 2u);
    EXPECT_EQ(h.underflow, 2u);
    EXPECT_EQ(h.overflow, 2u);
    EXPECT_EQ(h.nonfinite, 3u);
    EXPECT_EQ(h.pos[96], 2u);  // 1.0 and 1.2 in [1, 1.25)
    EXPECT_EQ(h.neg[96], 1u);  // -1.0
    EXPECT_EQ(h.neg[97], 1u);  // -1.25 in [1.25, 1.5)
    EXPECT_EQ(h.total(), 13u);
    LogHistogram g;
    g.add(1.1f);
    g.add(-0.0f);
    h.merge(g);
    EXPECT_EQ(h.pos[96], 3u);
    EXPECT_EQ(h.zeros, 3u);
    EXPECT_EQ(h.total(), 15u);
}

// ---------------------------------------------------------------------------------------------
// Sites and configuration

TEST(CensusSites, NamesRoundTrip) {
    const std::vector<std::string> names{"attn_in", "o_in", "mlp_in", "down_in", "residual", "lm_head_in"};
    for (size_t i = 0; i < kAllCensusSites.size(); ++i) {
        EXPECT_EQ(census_site_name(kAllCensusSites[i]), names[i]);
        EXPECT_EQ(census_site_from_name(names[i]), kAllCensusSites[i]);
    }
    EXPECT_STREQ(census_site_readers(CensusSite::AttnIn), "q_proj,k_proj,v_proj");
    EXPECT_STREQ(census_site_readers(CensusSite::MlpIn), "gate_proj,up_proj");
    EXPECT_STREQ(census_site_readers(CensusSite::DownIn), "down_proj");
    EXPECT_STREQ(census_site_readers(CensusSite::Residual), "");
    try {
        census_site_from_name("mlp_out", "report.h5");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_EQ(std::string(e.what()).rfind("report.h5: unknown census site 'mlp_out'", 0), 0u) << e.what();
    }
}

TEST(CensusConfigJson, RoundTripAndDefaults) {
    CensusConfig c;
    c.windows = 5;
    c.ctx = 64;
    c.seed = 0xfedcba9876543210ULL;  // above 2^63: must survive as an unsigned integer
    c.bos = false;
    c.top_k = 3;
    c.massive_abs = 12.5;
    c.massive_ratio = 250;
    c.max_massive_per_site = 9;
    c.capture_window = 4;
    c.capture_tokens = 7;
    const nlohmann::json j = census_config_to_json(c);
    EXPECT_EQ(j.size(), 10u);
    EXPECT_EQ(j.at("massive_ratio"), 250.0);
    const CensusConfig back = census_config_from_json(nlohmann::json::parse(j.dump()));
    EXPECT_EQ(back.windows, 5);
    EXPECT_EQ(back.ctx, 64);
    EXPECT_EQ(back.seed, c.seed);
    EXPECT_FALSE(back.bos);
    EXPECT_EQ(back.top_k, 3);
    EXPECT_EQ(back.massive_abs, 12.5);
    EXPECT_EQ(back.massive_ratio, 250.0);
    EXPECT_EQ(back.max_massive_per_site, 9);
    EXPECT_EQ(back.capture_window, 4);
    EXPECT_EQ(back.capture_tokens, 7);

    const CensusConfig d = census_config_from_json(nlohmann::json{{"windows", 2}, {"massive_abs", 3}});
    EXPECT_EQ(d.windows, 2);
    EXPECT_EQ(d.massive_abs, 3.0);
    EXPECT_EQ(d.ctx, CensusConfig{}.ctx);
    EXPECT_EQ(d.top_k, CensusConfig{}.top_k);
}

std::string from_json_error(const nlohmann::json& j) {
    try {
        census_config_from_json(j, "run.json");
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        return e.what();
    }
    return "no error";
}

TEST(CensusConfigJson, RefusesWrongTypesUnknownKeysAndBadValues) {
    EXPECT_EQ(from_json_error({{"windowz", 3}}), "run.json: unknown census key 'windowz'");
    EXPECT_EQ(from_json_error({{"ctx", "512"}}), "run.json: census key 'ctx' must be an integer, got \"512\"");
    EXPECT_EQ(from_json_error({{"ctx", 1.5}}), "run.json: census key 'ctx' must be an integer, got 1.5");
    EXPECT_EQ(from_json_error({{"ctx", 1LL << 40}}).rfind("run.json: census key 'ctx' must be an integer", 0), 0u);
    EXPECT_EQ(from_json_error({{"bos", 1}}), "run.json: census key 'bos' must be true or false, got 1");
    EXPECT_EQ(from_json_error({{"seed", -1}}), "run.json: census key 'seed' must be a non-negative integer, got -1");
    EXPECT_EQ(from_json_error({{"massive_ratio", "big"}}).rfind("run.json: census key 'massive_ratio' must be a number", 0), 0u);
    EXPECT_EQ(from_json_error(nlohmann::json::array()).rfind("run.json: the census configuration must be a JSON object", 0), 0u);
    EXPECT_EQ(from_json_error({{"windows", 0}}), "run.json: census windows must be at least 1 (got 0)");
}

TEST(CensusConfigValidation, EachLimit) {
    auto error_of = [](void (*change)(CensusConfig&)) {
        CensusConfig c;
        change(c);
        try {
            validate_census_config(c, "cfg");
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            return std::string(e.what());
        }
        return std::string("valid");
    };
    EXPECT_EQ(error_of([](CensusConfig&) {}), "valid");
    EXPECT_NE(error_of([](CensusConfig& c) { c.windows = 0; }).find("windows"), std::string::npos);
    EXPECT_NE(error_of([](CensusConfig& c) { c.ctx = 1; }).find("ctx"), std::string::npos);
    EXPECT_EQ(error_of([](CensusConfig& c) { c.ctx = 2; }), "valid");
    EXPECT_NE(error_of([](CensusConfig& c) { c.top_k = 0; }).find("top_k"), std::string::npos);
    EXPECT_NE(error_of([](CensusConfig& c) { c.massive_abs = -1; }).find("massive_abs"), std::string::npos);
    EXPECT_EQ(error_of([](CensusConfig& c) { c.massive_abs = 0; }), "valid");
    EXPECT_NE(error_of([](CensusConfig& c) { c.massive_abs = std::nan(""); }).find("massive_abs"), std::string::npos);
    EXPECT_NE(error_of([](CensusConfig& c) { c.massive_ratio = 0.5; }).find("massive_ratio"), std::string::npos);
    EXPECT_EQ(error_of([](CensusConfig& c) { c.massive_ratio = 1; }), "valid");
    EXPECT_NE(error_of([](CensusConfig& c) { c.max_massive_per_site = -1; }).find("max_massive_per_site"),
              std::string::npos);
    EXPECT_EQ(error_of([](CensusConfig& c) { c.max_massive_per_site = 0; }), "valid");
    EXPECT_NE(error_of([](CensusConfig& c) { c.capture_window = -1; }).find("capture_window"), std::string::npos);
    EXPECT_NE(error_of([](CensusConfig& c) { c.capture_window = c.windows; }).find("capture_window"), std::string::npos);
    EXPECT_EQ(error_of([](CensusConfig& c) { c.capture_window = c.windows - 1; }), "valid");
    EXPECT_NE(error_of([](CensusConfig& c) { c.capture_tokens = -1; }).find("capture_tokens"), std::string::npos);
    EXPECT_EQ(error_of([](CensusConfig& c) { c.capture_tokens = 0; }), "valid");
}

}  // namespace
}  // namespace rs
