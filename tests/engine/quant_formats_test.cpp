// Number formats: minifloat element conversion against values computed here from the spec
// formula, the format traits/spec parser, and reference fake quantization (properties over every
// format plus blocks worked by hand).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "core/error.h"
#include "quant/fake_quant.h"
#include "quant/format.h"
#include "quant/minifloat.h"
#include "quant/minifloat_table.h"

using namespace rs;
using namespace rs::quant;

namespace {

struct Layout { int e, m, bias; bool fn; bool ieee; };  // fn: E4M3 NaN-only; ieee: E5M2

Layout layout(Minifloat f) {
    switch (f) {
        case Minifloat::E2M1: return {2, 1, 1, false, false};
        case Minifloat::E2M3: return {2, 3, 1, false, false};
        case Minifloat::E3M2: return {3, 2, 3, false, false};
        case Minifloat::E4M3: return {4, 3, 7, true, false};
        case Minifloat::E5M2: return {5, 2, 15, false, true};
    }
    return {};
}

// The OCP formula: (-1)^s 2^(e-bias) (1 + m/2^M); subnormal (-1)^s 2^(1-bias) (m/2^M); specials
// per format. Computed in double with pow(), independent of the library's bit twiddling.
double spec_value(Minifloat f, int code) {
    const Layout L = layout(f);
    const int s = (code >> (L.e + L.m)) & 1;
    const int e = (code >> L.m) & ((1 << L.e) - 1);
    const int m = code & ((1 << L.m) - 1);
    const int e_all = (1 << L.e) - 1;
    if (L.fn && e == e_all && m == (1 << L.m) - 1) return NAN;
    if (L.ieee && e == e_all) return m == 0 ? (s ? -INFINITY : INFINITY) : NAN;
    const double mag = e == 0 ? std::pow(2.0, 1 - L.bias) * (m / std::pow(2.0, L.m))
                              : std::pow(2.0, e - L.bias) * (1.0 + m / std::pow(2.0, L.m));
    return s ? -mag : mag;
}

int code_count(Minifloat f) { const Layout L = layout(f); return 1 << (1 + L.e + L.m); }

// Positive finite codes in increasing order of value (code order for these formats).
std::vector<int> positive_finite_codes(Minifloat f) {
    std::vector<int> out;
    for (int c = 0; c < code_count(f) / 2; ++c)
        if (std::isfinite(spec_value(f, c))) out.push_back(c);
    return out;
}

// Nearest-value oracle by linear search; ties go to the code with even mantissa (even code).
int oracle_encode(Minifloat f, double x) {
    const auto codes = positive_finite_codes(f);
    const double a = std::fabs(x);
    int best = codes.back();  // saturate
    if (a < spec_value(f, codes.back())) {
        double best_d = INFINITY;
        for (int c : codes) {
            const double d = std::fabs(spec_value(f, c) - a);
            if (d < best_d || (d == best_d && c % 2 == 0)) { best_d = d; best = c; }
        }
    }
    const Layout L = layout(f);
    return std::signbit(x) ? best | (1 << (L.e + L.m)) : best;
}

const Minifloat kAllMinifloats[] = {Minifloat::E2M1, Minifloat::E2M3, Minifloat::E3M2, Minifloat::E4M3, Minifloat::E5M2};

}  // namespace

// ---- minifloat ----------------------------------------------------------------------------

TEST(Minifloat, EveryCodeDecodesToTheSpecFormula) {
    for (Minifloat f : kAllMinifloats) {
        ASSERT_EQ(minifloat_code_count(f), code_count(f));
        for (int c = 0; c < code_count(f); ++c) {
            const double want = spec_value(f, c);
            const float got = minifloat_decode(f, static_cast<uint8_t>(c));
            if (std::isnan(want)) {
                EXPECT_TRUE(std::isnan(got)) << minifloat_info(f).name << " code " << c;
            } else {
                EXPECT_EQ(static_cast<double>(got), want) << minifloat_info(f).name << " code " << c;
                EXPECT_EQ(std::signbit(got), std::signbit(want)) << minifloat_info(f).name << " code " << c;
            }
        }
    }
}

TEST(Minifloat, TableConstantsMatchFormatsDoc) {
    // formats.md sec. 1 table: max finite, min normal, min subnormal.
    struct Row { Minifloat f; double max, min_normal, min_sub; };
    const Row rows[] = {{Minifloat::E2M1, 6.0, 1.0, 0.5},
                        {Minifloat::E2M3, 7.5, 1.0, 0.125},
                        {Minifloat::E3M2, 28.0, 0.25, 0.0625},
                        {Minifloat::E4M3, 448.0, std::ldexp(1.0, -6), std::ldexp(1.0, -9)},
                        {Minifloat::E5M2, 57344.0, std::ldexp(1.0, -14), std::ldexp(1.0, -16)}};
    for (const Row& r : rows) {
        const auto codes = positive_finite_codes(r.f);
        EXPECT_EQ(spec_value(r.f, codes.back()), r.max);
        EXPECT_EQ(minifloat_info(r.f).max_finite, r.max);
        EXPECT_EQ(minifloat_decode(r.f, minifloat_info(r.f).max_code), r.max);
        EXPECT_EQ(spec_value(r.f, 1), r.min_sub);
        EXPECT_EQ(spec_value(r.f, 1 << layout(r.f).m), r.min_normal);
        EXPECT_EQ(std::ldexp(1.0, minifloat_info(r.f).emax), std::ldexp(1.0, std::ilogb(r.max)));
    }
    EXPECT_EQ(minifloat_info(Minifloat::E4M3).max_code, 0x7E);
}

TEST(Minifloat, EveryFiniteValueEncodesToItsCode) {
    for (Minifloat f : kAllMinifloats)
        for (int c = 0; c < code_count(f); ++c) {
            const double v = spec_value(f, c);
            if (!std::isfinite(v)) continue;
            EXPECT_EQ(minifloat_encode(f, v), c) << minifloat_info(f).name << " value " << v;
        }
}

TEST(Minifloat, MidpointsTieToEvenAndNeighboursRoundToNearest) {
    for (Minifloat f : kAllMinifloats) {
        const auto codes = positive_finite_codes(f);
        for (size_t k = 0; k + 1 < codes.size(); ++k) {
            const double lo = spec_value(f, codes[k]), hi = spec_value(f, codes[k + 1]);
            const double mid = (lo + hi) / 2;  // exact in double
            const int even = codes[k] % 2 == 0 ? codes[k] : codes[k + 1];
            EXPECT_EQ(minifloat_encode(f, mid), even) << minifloat_info(f).name << " mid " << mid;
            EXPECT_EQ(minifloat_encode(f, -mid), even | (code_count(f) / 2)) << minifloat_info(f).name;
            const double eps = (hi - lo) * 1e-6;
            EXPECT_EQ(minifloat_encode(f, mid - eps), codes[k]) << minifloat_info(f).name << " " << mid;
            EXPECT_EQ(minifloat_encode(f, mid + eps), codes[k + 1]) << minifloat_info(f).name << " " << mid;
        }
        // Below half the smallest subnormal: zero; the half itself ties to even (zero).
        EXPECT_EQ(minifloat_encode(f, spec_value(f, 1) / 2), 0);
        EXPECT_EQ(minifloat_encode(f, spec_value(f, 1) * 0.51), 1);
    }
    // The E2M1 boundaries listed in formats.md sec. 1.
    const std::pair<double, float> e2m1[] = {{0.25, 0}, {0.75, 1}, {1.25, 1}, {1.75, 2}, {2.5, 2},
                                              {3.5, 4}, {5.0, 4}, {5.01, 6}, {0.26, 0.5}, {2.51, 3}};
    for (auto [x, want] : e2m1) EXPECT_EQ(minifloat_round(Minifloat::E2M1, x), want) << x;
}

TEST(Minifloat, RandomValuesAgreeWithNearestValueOracle) {
    std::mt19937 rng(7);
    for (Minifloat f : kAllMinifloats) {
        const double max = minifloat_info(f).max_finite;
        std::uniform_real_distribution<double> u(-1.2 * max, 1.2 * max);
        std::uniform_real_distribution<double> ex(-20, std::log2(max) + 1);
        for (int i = 0; i < 4000; ++i) {
            double x = i % 2 ? u(rng) : std::ldexp(1.0, 0) * std::exp2(ex(rng)) * (i % 4 == 0 ? -1 : 1);
            x = static_cast<float>(x);  // callers pass floats
            EXPECT_EQ(minifloat_encode(f, x), oracle_encode(f, x)) << minifloat_info(f).name << " " << x;
        }
    }
}

TEST(Minifloat, SaturationInfinityAndNaN) {
    for (Minifloat f : kAllMinifloats) {
        const auto& i = minifloat_info(f);
        const uint8_t neg = static_cast<uint8_t>(code_count(f) / 2);
        EXPECT_EQ(minifloat_encode(f, i.max_finite * 1.5), i.max_code) << i.name;
        EXPECT_EQ(minifloat_encode(f, -1e30), i.max_code | neg) << i.name;
        EXPECT_EQ(minifloat_encode(f, INFINITY), i.max_code) << i.name;
        EXPECT_EQ(minifloat_encode(f, -INFINITY), i.max_code | neg) << i.name;
        EXPECT_EQ(minifloat_encode(f, -0.0), neg) << i.name;  // -0 keeps its sign
        if (i.has_nan) {
            EXPECT_TRUE(std::isnan(minifloat_decode(f, minifloat_encode(f, NAN)))) << i.name;
        } else {
            try {
                minifloat_encode(f, NAN);
                ADD_FAILURE() << i.name << " encoded NaN";
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            }
        }
    }
    // E4M3 fn: 464 is the midpoint of 448 and the (NaN) 480 slot and ties down to 448; beyond it,
    // non-saturating conversion gives NaN (no Inf in this format).
    EXPECT_EQ(minifloat_encode(Minifloat::E4M3, 464.0, false), 0x7E);
    EXPECT_EQ(minifloat_encode(Minifloat::E4M3, 465.0, false), 0x7F);
    EXPECT_EQ(minifloat_encode(Minifloat::E4M3, 465.0, true), 0x7E);
    EXPECT_EQ(minifloat_encode(Minifloat::E4M3, NAN), 0x7F);
    // E5M2: 61440 ties between 57344 (odd mantissa) and 65536 (= Inf); IEEE gives Inf.
    EXPECT_EQ(minifloat_encode(Minifloat::E5M2, 61440.0, false), 0x7C);
    EXPECT_EQ(minifloat_encode(Minifloat::E5M2, 61439.0, false), 0x7B);
    EXPECT_EQ(minifloat_encode(Minifloat::E5M2, -INFINITY, false), 0xFC);
    EXPECT_EQ(minifloat_encode(Minifloat::E5M2, 61440.0, true), 0x7B);
}

// ---- spec parsing -----------------------------------------------------------------------------

TEST(FormatSpecParse, FieldsOfExamples) {
    auto s = parse_format_spec("int4");
    EXPECT_EQ(s.kind, FormatKind::Int);
    EXPECT_EQ(s.bits, 4);
    EXPECT_TRUE(s.symmetric);
    EXPECT_EQ(s.granularity, Granularity::Channel);
    s = parse_format_spec("int4:g128");
    EXPECT_EQ(s.granularity, Granularity::Group);
    EXPECT_EQ(s.group, 128);
    s = parse_format_spec("int8:asym:token");
    EXPECT_EQ(s.bits, 8);
    EXPECT_FALSE(s.symmetric);
    EXPECT_EQ(s.granularity, Granularity::Token);
    s = parse_format_spec("int4:channel:clip0.9");
    EXPECT_EQ(s.clip_ratio, 0.9f);
    EXPECT_TRUE(parse_format_spec("int4:mse").mse_clip);
    EXPECT_EQ(parse_format_spec("fp8_e4m3").granularity, Granularity::Tensor);
    EXPECT_EQ(parse_format_spec("fp8_e5m2").kind, FormatKind::Fp8E5M2);
    EXPECT_EQ(parse_format_spec("mxfp4").mx_scale, MxScaleRule::Floor);
    EXPECT_EQ(parse_format_spec("mxfp4:ceil").mx_scale, MxScaleRule::Ceil);
    EXPECT_EQ(parse_format_spec("mxfp8_e4m3:rceil").mx_scale, MxScaleRule::NvRoundUp);
    EXPECT_EQ(parse_format_spec("mxfp6_e2m3").kind, FormatKind::MxFp6E2M3);
    EXPECT_EQ(parse_format_spec("mxint8").kind, FormatKind::MxInt8);
    EXPECT_EQ(parse_format_spec("nvfp4").kind, FormatKind::Nvfp4);
    EXPECT_EQ(parse_format_spec("nf4").kind, FormatKind::Nf4);
}

TEST(FormatSpecParse, NamesRoundTrip) {
    const char* canonical[] = {"int2", "int3", "int4", "int8", "int4:g128", "int8:asym:token",
                               "int4:clip0.9", "int4:mse", "int4:tensor", "int3:asym:g64:mse",
                               "fp8_e4m3", "fp8_e5m2", "fp8_e4m3:channel", "mxfp4", "mxfp4:ceil",
                               "mxfp4:even", "mxfp4:rceil", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3",
                               "mxfp8_e5m2", "mxint8", "nvfp4", "nvfp4:static", "nf4"};
    for (const char* c : canonical) {
        const FormatSpec s = parse_format_spec(c);
        EXPECT_EQ(format_spec_name(s), c);
        EXPECT_EQ(parse_format_spec(format_spec_name(s)), s) << c;
    }
    // Non-canonical spellings map to the same spec and print canonically.
    EXPECT_EQ(format_spec_name(parse_format_spec("int4:channel:clip0.9")), "int4:clip0.9");
    EXPECT_EQ(format_spec_name(parse_format_spec("int8:sym")), "int8");
    EXPECT_EQ(format_spec_name(parse_format_spec("mxfp4:floor")), "mxfp4");
    // Every traits entry's default spec round-trips.
    for (const auto& t : format_traits_table()) {
        const FormatSpec s = default_format_spec(t.kind, 8);
        EXPECT_EQ(parse_format_spec(format_spec_name(s)), s) << t.name;
    }
}

TEST(FormatSpecParse, RefusalsAreOneLineBadInput) {
    const char* bad[] = {"", "int5", "int", "int04x", "int16", "fp4", "mxfp4:g64", "nf4:g128",
                         "nvfp4:ceil", "int4:ceil", "fp8_e4m3:asym", "mxfp4:asym", "int4:g0",
                         "int4:g-3", "int4:g12x", "int4:clip", "int4:clip1.5", "int4:clip0",
                         "int4:clipx", "int4:foo", "int4:", "int4::g8", "int4:sym:asym",
                         "int4:g8:channel", "int4:mse:clip0.9", "mxfp4:ceil:even", "MXFP4",
                         "int4:static", "mxfp4:static", "fp8_e4m3:static", "nvfp4:static:static"};
    for (const char* b : bad) {
        try {
            parse_format_spec(b);
            ADD_FAILURE() << "accepted \"" << b << "\"";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput) << b;
            const std::string msg = e.what();
            EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
            EXPECT_NE(msg.find(std::string("\"") + b + "\""), std::string::npos) << msg;
        }
    }
}

TEST(FormatTraits, TableIsIndexedByKind) {
    const auto& table = format_traits_table();
    for (size_t i = 0; i < table.size(); ++i) EXPECT_EQ(static_cast<size_t>(table[i].kind), i);
    EXPECT_EQ(format_traits(FormatKind::MxFp4).block, 32);
    EXPECT_EQ(format_traits(FormatKind::Nvfp4).block, 16);
    EXPECT_EQ(format_traits(FormatKind::Nf4).block, 64);
    EXPECT_EQ(format_traits(FormatKind::MxFp6E3M2).emax_elem, 4);
    EXPECT_EQ(format_traits(FormatKind::MxFp8E5M2).emax_elem, 15);
    for (const auto& t : table)
        if (t.minifloat) EXPECT_EQ(t.emax_elem, minifloat_info(*t.minifloat).emax) << t.name;
}

// ---- fake quantization: properties over every format ------------------------------------------

namespace {

const std::array<float, 16> kNf4Paper = {  // formats.md sec. 4 (bitsandbytes get_4bit_type)
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

std::vector<FormatSpec> every_format() {
    std::vector<FormatSpec> out;
    for (const auto& t : format_traits_table()) {
        if (t.kind == FormatKind::Int) {
            for (int b : {2, 3, 4, 8})
                for (bool sym : {true, false})
                    for (Granularity g : {Granularity::Tensor, Granularity::Channel, Granularity::Group}) {
                        FormatSpec s = default_format_spec(t.kind, b);
                        s.symmetric = sym;
                        s.granularity = g;
                        s.group = g == Granularity::Group ? 32 : 0;
                        out.push_back(s);
                    }
        } else {
            out.push_back(default_format_spec(t.kind));
            if (t.mx)
                for (auto r : {MxScaleRule::Ceil, MxScaleRule::Even, MxScaleRule::NvRoundUp}) {
                    FormatSpec s = default_format_spec(t.kind);
                    s.mx_scale = r;
                    out.push_back(s);
                }
        }
    }
    return out;
}

// A 4 x 128 matrix with varied magnitudes, an outlier, and row 1 columns 0..63 zero.
std::vector<float> test_matrix() {
    std::mt19937 rng(3);
    std::normal_distribution<float> n(0.0f, 1.0f);
    std::vector<float> x(4 * 128);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 128; ++c) x[r * 128 + c] = n(rng) * std::pow(4.0f, static_cast<float>(r - 1));
    x[2 * 128 + 77] = 40.0f;
    for (int c = 0; c < 64; ++c) x[128 + c] = 0.0f;
    return x;
}

// Recomputes each output from its code and scale with the test's own value tables.
void expect_on_grid(const FormatSpec& spec, const QuantResult& r, int64_t n) {
    const FormatTraits& t = format_traits(spec.kind);
    const std::string name = format_spec_name(spec);
    ASSERT_EQ(static_cast<int64_t>(r.codes.size()), n);
    for (int64_t i = 0; i < n; ++i) {
        const size_t k = static_cast<size_t>(i / r.scale_block);
        const float s = r.scales[k];
        const int32_t q = r.codes[static_cast<size_t>(i)];
        float want;
        if (spec.kind == FormatKind::Int) {
            if (spec.symmetric) {
                const int qmax = (1 << (spec.bits - 1)) - 1;
                ASSERT_LE(std::abs(q), qmax) << name;
                want = static_cast<float>(q) * s;
            } else {
                ASSERT_GE(q, 0);
                ASSERT_LE(q, (1 << spec.bits) - 1) << name;
                want = static_cast<float>(q - r.zero_points[k]) * s;
            }
        } else if (spec.kind == FormatKind::MxInt8) {
            ASSERT_LE(std::abs(q), 127);
            want = static_cast<float>(q / 64.0 * s);
            EXPECT_EQ(std::ldexp(1.0f, r.scale_bytes[k] - 127), s);
        } else if (spec.kind == FormatKind::Nf4) {
            ASSERT_GE(q, 0);
            ASSERT_LT(q, 16);
            want = kNf4Paper[static_cast<size_t>(q)] * s;
        } else {
            ASSERT_GE(q, 0);
            ASSERT_LT(q, code_count(*t.minifloat));
            const double e = spec_value(*t.minifloat, q);
            ASSERT_TRUE(std::isfinite(e)) << name << " code " << q;
            if (t.mx) {
                want = static_cast<float>(e * s);
                EXPECT_EQ(std::ldexp(1.0f, r.scale_bytes[k] - 127), s);
            } else if (spec.kind == FormatKind::Nvfp4) {
                EXPECT_EQ(spec_value(Minifloat::E4M3, r.scale_bytes[k]), s);
                want = static_cast<float>(e) * (s * r.tensor_scale);
            } else {
                want = static_cast<float>(e) * s;
            }
        }
        ASSERT_EQ(r.dequant[static_cast<size_t>(i)], want) << name << " element " << i;
    }
}

}  // namespace

TEST(FakeQuant, EveryFormatIsIdempotentKeepsZerosAndLiesOnItsGrid) {
    const auto x = test_matrix();
    const int64_t rows = 4, cols = 128, n = rows * cols;
    for (const FormatSpec& spec : every_format()) {
        const std::string name = format_spec_name(spec);
        SCOPED_TRACE(name);
        const QuantResult a = fake_quant(x.data(), rows, cols, spec, true);
        ASSERT_EQ(static_cast<int64_t>(a.dequant.size()), n);
        expect_on_grid(spec, a, n);
        // Quantization actually happened (the grid is coarser than float) but stayed close.
        double err = 0, ref = 0;
        for (int64_t i = 0; i < n; ++i) {
            err += std::pow(a.dequant[i] - x[i], 2.0);
            ref += std::pow(x[i], 2.0);
        }
        EXPECT_GT(err, 0.0);
        EXPECT_LT(err, ref * (spec.bits == 2 ? 1.0 : spec.bits == 3 ? 0.25 : 0.1));
        for (int c = 0; c < 64; ++c) EXPECT_EQ(a.dequant[128 + c], 0.0f) << c;

        // Values reproduce themselves. Codes do too unless the scale moved: CEIL/RCEIL pick a smaller
        // power of two once quantization has lowered a block's amax (5 -> X=2, 4; then 4 -> X=1),
        // and the same values are then spelled with other codes.
        const QuantResult b = fake_quant(a.dequant.data(), rows, cols, spec, true);
        const bool scale_moves = spec.mx_scale == MxScaleRule::Ceil || spec.mx_scale == MxScaleRule::NvRoundUp;
        if (!scale_moves) EXPECT_EQ(b.codes, a.codes);
        for (int64_t i = 0; i < n; ++i)
            ASSERT_NEAR(b.dequant[i], a.dequant[i], 1e-6f * std::fabs(a.dequant[i])) << i;

        const std::vector<float> zeros(static_cast<size_t>(n), 0.0f);
        const QuantResult z = fake_quant(zeros.data(), rows, cols, spec, true);
        for (float v : z.dequant) ASSERT_EQ(v, 0.0f);
    }
}

TEST(FakeQuant, BlockFormatsAreExactlyIdempotent) {
    // Power-of-two (MX) and absmax (NF4) scales reproduce themselves exactly.
    const auto x = test_matrix();
    for (const char* f : {"mxfp4", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "mxfp8_e5m2", "mxint8", "nf4", "mxfp4:rceil"}) {
        const auto spec = parse_format_spec(f);
        const auto a = fake_quant(x.data(), 4, 128, spec);
        const auto b = fake_quant(a.dequant.data(), 4, 128, spec);
        EXPECT_EQ(a.dequant, b.dequant) << f;
    }
}

// ---- fake quantization: blocks worked by hand ----------------------------------------------------

TEST(FakeQuantHand, Int4Symmetric) {
    // amax 7 -> s = 7/7 = 1, so q = rne(x): -3.5 ties to -4 (even), 0.5 ties to 0, 2.5 to 2.
    const std::vector<float> x = {7, -3.5f, 2.5f, 0.5f, -1.5f, 6.4f, -7, 0};
    const auto r = fake_quant(x.data(), 1, 8, parse_format_spec("int4"), true);
    EXPECT_EQ(r.codes, (std::vector<int32_t>{7, -4, 2, 0, -2, 6, -7, 0}));
    EXPECT_EQ(r.dequant, (std::vector<float>{7, -4, 2, 0, -2, 6, -7, 0}));
    EXPECT_EQ(r.scales, std::vector<float>{1.0f});
    // clip 0.5 of amax 14: s = 1 again; 14 clamps to qmax 7.
    const std::vector<float> y = {14, -3, 1.25f, -14};
    const auto c = fake_quant(y.data(), 1, 4, parse_format_spec("int4:clip0.5"), true);
    EXPECT_EQ(c.dequant, (std::vector<float>{7, -3, 1, -7}));
    // Per channel: one scale per row; row 2 is amax 14 -> s = 2.
    const std::vector<float> m = {7, 1, 14, 3};
    const auto ch = fake_quant(m.data(), 2, 2, parse_format_spec("int4"), true);
    EXPECT_EQ(ch.scales, (std::vector<float>{1, 2}));
    EXPECT_EQ(ch.dequant, (std::vector<float>{7, 1, 14, 4}));  // 3/2 = 1.5 ties to 2
    const auto te = fake_quant(m.data(), 2, 2, parse_format_spec("int4:tensor"), true);
    EXPECT_EQ(te.scales, std::vector<float>{2});
    EXPECT_EQ(te.dequant, (std::vector<float>{8, 0, 14, 4}));  // 3.5 -> 4, 0.5 -> 0
    const auto g = fake_quant(m.data(), 1, 4, parse_format_spec("int4:g2"), true);
    EXPECT_EQ(g.scales, (std::vector<float>{1, 2}));
}

TEST(FakeQuantHand, Int4Asymmetric) {
    // range [-1, 14]: s = 15/15 = 1, zp = rne(1) = 1, q = x + 1.
    const std::vector<float> x = {-1, 0, 2, 14, 6.5f};
    const auto r = fake_quant(x.data(), 1, 5, parse_format_spec("int4:asym"), true);
    EXPECT_EQ(r.scales, std::vector<float>{1});
    EXPECT_EQ(r.zero_points, std::vector<int32_t>{1});
    EXPECT_EQ(r.codes, (std::vector<int32_t>{0, 1, 3, 15, 7}));  // 6.5 -> 6 (even), + 1
    EXPECT_EQ(r.dequant, (std::vector<float>{-1, 0, 2, 14, 6}));
    // All positive: the range is forced to hold 0, [0, 7.5] -> s = 0.5, zp = 0; 0.25/0.5 ties to 0.
    const std::vector<float> y = {0.25f, 3, 7.5f, 0.8f};
    const auto p = fake_quant(y.data(), 1, 4, parse_format_spec("int4:asym"), true);
    EXPECT_EQ(p.zero_points, std::vector<int32_t>{0});
    EXPECT_EQ(p.codes, (std::vector<int32_t>{0, 6, 15, 2}));
    EXPECT_EQ(p.dequant, (std::vector<float>{0, 3, 7.5f, 1}));
}

TEST(FakeQuantHand, MseClipPicksTheBestGridRatio) {
    std::mt19937 rng(11);
    std::normal_distribution<float> n(0.0f, 1.0f);
    std::vector<float> x(256);
    for (auto& v : x) v = n(rng);
    x[5] = 12.0f;  // an outlier makes clipping worthwhile
    auto sse = [&](const QuantResult& r) {
        double e = 0;
        for (size_t i = 0; i < x.size(); ++i) e += std::pow(double(r.dequant[i]) - x[i], 2.0);
        return e;
    };
    const double mse = sse(fake_quant(x.data(), 1, 256, parse_format_spec("int4:mse")));
    double best = INFINITY;
    for (int step = 0; step <= 50; ++step) {
        FormatSpec s = parse_format_spec("int4");
        s.clip_ratio = 1.0f - 0.01f * static_cast<float>(step);
        best = std::min(best, sse(fake_quant(x.data(), 1, 256, s)));
    }
    EXPECT_EQ(mse, best);
    EXPECT_LT(mse, sse(fake_quant(x.data(), 1, 256, parse_format_spec("int4"))));
}

TEST(FakeQuantHand, Mxfp4Block) {
    // amax = 7: floor(log2 7) = 2, minus emax_elem(E2M1) = 2 -> shared exponent 0, X = 1, byte 127.
    // Each element is then plain E2M1 RNE with saturation:
    //   7 -> 6 and 6.5 -> 6 (saturate: FLOOR clips values above 6X), 5 -> 4 (tie 4|6, 4 even),
    //   3.5 -> 4 (tie 3|4, 4 even), 2.5 -> 2 (tie), 1.75 -> 2 (tie 1.5|2), 1.25 -> 1 (tie),
    //   0.75 -> 1 (tie 0.5|1), 0.25 -> 0 (tie 0|0.5), 2.6 -> 3, 0.3 -> 0.5, -4.9 -> -4,
    //   -5.1 -> -6, -0.1 -> -0, 1 -> 1, -1 -> -1, the rest 0.
    std::vector<float> x(32, 0.0f), want(32, 0.0f);
    const float in[] = {7, 6.5f, 5, 3.5f, 2.5f, 1.75f, 1.25f, 0.75f, 0.25f, 2.6f, 0.3f, -4.9f, -5.1f, -0.1f, 1, -1};
    const float out[] = {6, 6, 4, 4, 2, 2, 1, 1, 0, 3, 0.5f, -4, -6, -0.0f, 1, -1};
    for (int i = 0; i < 16; ++i) { x[i] = in[i]; want[i] = out[i]; }
    const auto r = fake_quant(x.data(), 1, 32, parse_format_spec("mxfp4"), true);
    EXPECT_EQ(r.dequant, want);
    EXPECT_EQ(r.scale_bytes, std::vector<uint8_t>{127});
    EXPECT_EQ(r.codes[0], 7);     // 6.0
    EXPECT_EQ(r.codes[12], 15);   // -6.0
    EXPECT_EQ(r.codes[13], 8);    // -0

    // Same block scaled by 2^-10: only the shared exponent moves.
    std::vector<float> xs(32);
    for (int i = 0; i < 32; ++i) xs[i] = std::ldexp(x[i], -10);
    const auto rs_ = fake_quant(xs.data(), 1, 32, parse_format_spec("mxfp4"), true);
    EXPECT_EQ(rs_.scale_bytes, std::vector<uint8_t>{117});
    EXPECT_EQ(rs_.codes, r.codes);
}

TEST(FakeQuantHand, MxScaleRules) {
    // Shared exponent per rule for E2M1 (emax 2), block amax as given:
    //   amax  floor  ceil(log2)  even(mantissa >= 1.75 bumps)  rceil(ceil log2(amax/6))
    //   7     0      1           1 (1.75)                      1
    //   6.5   0      1           0 (1.625)                     1
    //   6     0      1           0 (1.5)                       0
    //   4     0      0           0                             0
    struct Case { float amax; int floor_, ceil_, even_, rceil_; };
    const Case cases[] = {{7, 0, 1, 1, 1}, {6.5f, 0, 1, 0, 1}, {6, 0, 1, 0, 0}, {4, 0, 0, 0, 0}};
    for (const Case& c : cases) {
        std::vector<float> x(32, 0.5f);
        x[3] = -c.amax;
        const std::pair<const char*, int> rules[] = {{"mxfp4", c.floor_}, {"mxfp4:ceil", c.ceil_},
                                                     {"mxfp4:even", c.even_}, {"mxfp4:rceil", c.rceil_}};
        for (auto [f, e] : rules) {
            const auto r = fake_quant(x.data(), 1, 32, parse_format_spec(f), false);
            EXPECT_EQ(r.scale_bytes[0], 127 + e) << f << " amax " << c.amax;
        }
    }
    // A block below 2^-127 * 2^emax clamps to the smallest E8M0 (byte 0) and flushes to zero.
    std::vector<float> tiny(32, 1e-40f);
    const auto t = fake_quant(tiny.data(), 1, 32, parse_format_spec("mxfp4"));
    EXPECT_EQ(t.scale_bytes[0], 0);
    for (float v : t.dequant) EXPECT_EQ(v, 0.0f);
}

TEST(FakeQuantHand, Nvfp4Blocks) {
    // Tensor amax 2688 -> per-tensor S = 2688 / (6 * 448) = 1.
    // Block 0: amax 2688 -> s_b = 2688/6/1 = 448 (E4M3 0x7E); x/448: 6 -> 6, 2.5 -> 2, 5 -> 4,
    //   0.25 -> 0, 0.3 -> 0.5; dequant = e2m1 * 448.
    // Block 1: amax 62 -> s_b = 10.33 -> E4M3 10 (step 1 in [8, 16); byte 0 1010 010 = 0x52);
    //   x/10: 6.2 -> 6, 2.5 -> 2, 3.5 -> 4, 1.3 -> 1.5, -0.75 -> -1; dequant = e2m1 * 10.
    std::vector<float> x(32, 0.0f);
    const float b0[] = {2688, 1120, 2240, 112, 134.4f};
    const float b1[] = {62, 25, 35, 13, -7.5f};
    for (int i = 0; i < 5; ++i) { x[i] = b0[i]; x[16 + i] = b1[i]; }
    const auto r = fake_quant(x.data(), 1, 32, parse_format_spec("nvfp4"), true);
    EXPECT_EQ(r.tensor_scale, 1.0f);
    EXPECT_EQ(r.scale_bytes, (std::vector<uint8_t>{0x7E, 0x52}));
    EXPECT_EQ(r.scales, (std::vector<float>{448, 10}));
    std::vector<float> want(32, 0.0f);
    const float w0[] = {2688, 896, 1792, 0, 224};
    const float w1[] = {60, 20, 40, 15, -10};
    for (int i = 0; i < 5; ++i) { want[i] = w0[i]; want[16 + i] = w1[i]; }
    EXPECT_EQ(r.dequant, want);

    // The per-tensor scale is amax / 2688 in float, as ModelOpt's weight_scale_2.
    std::vector<float> y(16, 0.25f);
    y[7] = -3.0f;
    const auto s = fake_quant(y.data(), 1, 16, parse_format_spec("nvfp4"));
    EXPECT_EQ(s.tensor_scale, 3.0f / 2688.0f);
}

TEST(FakeQuantHand, Nvfp4WithAStaticTensorAmax) {
    // The blocks of Nvfp4Blocks with a calibrated amax of 1344, half the tensor's: S = 0.5.
    // Block 0: s_b = 2688/6/0.5 = 896 saturates to E4M3's 448 (0x7E), so the step is 448 * 0.5 =
    //   224; x/224: 12 -> 6 (saturates), 5 -> 4 (tie to even), 10 -> 6, 0.5 -> 0.5, 0.6 -> 0.5.
    // Block 1: s_b = 62/6/0.5 = 20.67 -> E4M3 20 (step 2 in [16, 32); 0 1011 010 = 0x5A), step
    //   20 * 0.5 = 10: the same codes as with the dynamic scale.
    std::vector<float> x(32, 0.0f);
    const float b0[] = {2688, 1120, 2240, 112, 134.4f};
    const float b1[] = {62, 25, 35, 13, -7.5f};
    for (int i = 0; i < 5; ++i) { x[i] = b0[i]; x[16 + i] = b1[i]; }
    const FormatSpec spec = parse_format_spec("nvfp4:static");
    const auto r = fake_quant(x.data(), 1, 32, spec, true, 1344.0f);
    EXPECT_EQ(r.tensor_scale, 0.5f);
    EXPECT_EQ(r.scale_bytes, (std::vector<uint8_t>{0x7E, 0x5A}));
    std::vector<float> want(32, 0.0f);
    const float w0[] = {1344, 896, 1344, 112, 112};
    const float w1[] = {60, 20, 40, 15, -10};
    for (int i = 0; i < 5; ++i) { want[i] = w0[i]; want[16 + i] = w1[i]; }
    EXPECT_EQ(r.dequant, want);
    // The static amax replaces the tensor's own: the tensor's amax gives the dynamic result.
    EXPECT_EQ(fake_quant(x.data(), 1, 32, spec, false, 2688.0f).dequant, fake_quant(x.data(), 1, 32, parse_format_spec("nvfp4")).dequant);
    for (const float bad : {-1.0f, NAN, INFINITY}) EXPECT_THROW(fake_quant(x.data(), 1, 32, spec, false, bad), Error) << bad;
}

TEST(FakeQuantHand, Fp8E4M3SaturatesAt448) {
    // Per tensor with amax 448 -> s = 1: plain E4M3. 17 ties 16|18 -> 16 (even); -100.5 -> -104
    // (step 8 in [64, 128)); 0.3 -> 0.3125 (step 1/32 in [0.25, 0.5)).
    const std::vector<float> x = {448, 17, -100.5f, 0.3f};
    const auto r = fake_quant(x.data(), 1, 4, parse_format_spec("fp8_e4m3"), true);
    EXPECT_EQ(r.scales, std::vector<float>{1});
    EXPECT_EQ(r.dequant, (std::vector<float>{448, 16, -104, 0.3125f}));
    EXPECT_EQ(r.codes[0], 0x7E);
    // The element conversion itself clamps: 500 and 1e6 -> 448, never NaN.
    EXPECT_EQ(minifloat_round(Minifloat::E4M3, 500.0), 448.0f);
    EXPECT_EQ(minifloat_round(Minifloat::E4M3, -1e6), -448.0f);
}

TEST(FakeQuantHand, Nf4Block) {
    // absmax 2: v = x/2. 1.0 -> 0.5 lies between 0.44071 (d 0.0593) and 0.56262 (d 0.0626) -> code
    // 12; 0.1 -> 0.05 between 0 (d 0.05) and 0.07958 (d 0.0296) -> code 8; -0.1 -> -0.05 between
    // 0 (d 0.05) and -0.09105 (d 0.0411) -> code 6; zeros -> code 7.
    std::vector<float> x(64, 0.0f);
    x[0] = 2;
    x[1] = -2;
    x[2] = 1;
    x[3] = 0.1f;
    x[4] = -0.1f;
    const auto r = fake_quant(x.data(), 1, 64, parse_format_spec("nf4"), true);
    EXPECT_EQ(r.scales, std::vector<float>{2});
    const int32_t want_codes[] = {15, 0, 12, 8, 6, 7};
    for (int i = 0; i < 6; ++i) EXPECT_EQ(r.codes[i], want_codes[i]) << i;
    EXPECT_EQ(r.dequant[2], kNf4Paper[12] * 2);
    EXPECT_EQ(r.dequant[3], kNf4Paper[8] * 2);
    EXPECT_EQ(r.dequant[4], kNf4Paper[6] * 2);
    EXPECT_EQ(nf4_levels(), kNf4Paper);
}

TEST(FakeQuantErrors, ShapesAndNonFiniteInput) {
    auto expect_bad = [](const std::vector<float>& x, int64_t rows, int64_t cols, const char* f, const char* needle) {
        try {
            fake_quant(x.data(), rows, cols, parse_format_spec(f));
            ADD_FAILURE() << f << " accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    expect_bad(std::vector<float>(33, 1.0f), 1, 33, "mxfp4", "not a multiple of the block size 32");
    expect_bad(std::vector<float>(24, 1.0f), 1, 24, "nvfp4", "block size 16");
    expect_bad(std::vector<float>(96, 1.0f), 1, 96, "nf4", "block size 64");
    expect_bad(std::vector<float>(16, 1.0f), 2, 8, "int4:g3", "group size 3");
    std::vector<float> nan(16, 1.0f);
    nan[10] = NAN;
    expect_bad(nan, 2, 8, "int4", "row 1, column 2");
    std::vector<float> inf(32, 1.0f);
    inf[0] = -INFINITY;
    expect_bad(inf, 1, 32, "mxfp4", "non-finite");
    // Empty matrices are fine.
    const auto e = fake_quant(nullptr, 0, 32, parse_format_spec("mxfp4"));
    EXPECT_TRUE(e.dequant.empty());
}

// The table-driven encoder the fake quantizers use must equal the reference encoder everywhere:
// every representable value, every midpoint (ties), just around them, subnormals, saturation.
namespace rs::quant {
namespace {

TEST(MinifloatTable, EqualsTheReferenceEncoder) {
    for (Minifloat f : {Minifloat::E2M1, Minifloat::E2M3, Minifloat::E3M2, Minifloat::E4M3, Minifloat::E5M2}) {
        const MinifloatTable& table = minifloat_table(f);
        const MinifloatInfo& info = minifloat_info(f);
        std::vector<double> probes = {0.0, -0.0, 1e-30, -1e-30, 1e30, -1e30, info.max_finite * 1.0001,
                                      info.max_finite * 2.0};
        for (int c = 0; c <= info.max_code; ++c) {
            const double v = minifloat_decode(f, static_cast<uint8_t>(c));
            const double next = minifloat_decode(f, static_cast<uint8_t>(std::min<int>(c + 1, info.max_code)));
            const double mid = (v + next) / 2;
            for (double p : {v, mid, std::nextafter(mid, 0.0), std::nextafter(mid, 1e300), v * 0.999, v * 1.001})
                for (double s : {1.0, -1.0}) probes.push_back(s * p);
        }
        std::mt19937_64 rng(1);
        std::uniform_real_distribution<double> u(-2.0 * info.max_finite, 2.0 * info.max_finite);
        for (int i = 0; i < 20000; ++i) probes.push_back(u(rng));
        for (int i = 0; i < 20000; ++i) probes.push_back(u(rng) * 1e-3);
        for (double p : probes) {
            ASSERT_EQ(table.encode(p), minifloat_encode(f, p)) << info.name << " at " << p;
            ASSERT_EQ(table.decode(table.encode(p)), minifloat_round(f, p)) << info.name << " at " << p;
        }
    }
}

// INT rounding (a magic-constant round-half-even) against libm's nearbyint, with ties forced:
// values that are exact half-multiples of the scale.
TEST(FakeQuantInt, RoundingEqualsNearbyint) {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> half_steps(-15, 15);
    std::normal_distribution<float> n01;
    for (bool ties : {true, false}) {
        std::vector<float> x(64 * 32);
        for (size_t i = 0; i < x.size(); ++i) x[i] = ties ? 0.5f * static_cast<float>(half_steps(rng)) : n01(rng);
        for (int i = 0; i < 64; ++i) x[size_t(i) * 32] = 7.0f;  // amax 7 per row: scale 1 for int4 sym
        const QuantResult r = fake_quant(x.data(), 64, 32, parse_format_spec("int4:token"), true);
        for (size_t i = 0; i < x.size(); ++i) {
            const float s = r.scales[i / 32];
            const double want = std::clamp(std::nearbyint(double(x[i]) / s), -7.0, 7.0);
            ASSERT_EQ(r.codes[i], static_cast<int32_t>(want)) << "x = " << x[i];
        }
    }
}

// The fast block paths (float arithmetic, table encoder) against the reference encoder applied
// as the spec says, on data spanning many binades (so that scales and subnormal elements vary).
TEST(FakeQuantBlocks, FastPathEqualsReferenceEncoder) {
    std::mt19937 rng(9);
    std::normal_distribution<float> n01;
    std::uniform_int_distribution<int> binade(-30, 12);
    std::vector<float> x(256 * 64);
    for (float& v : x) v = std::ldexp(n01(rng), binade(rng));
    for (const char* name : {"mxfp4", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "nvfp4"}) {
        const FormatSpec spec = parse_format_spec(name);
        const FormatTraits& t = format_traits(spec.kind);
        const QuantResult r = fake_quant(x.data(), 256, 64, spec, true);
        for (size_t i = 0; i < x.size(); ++i) {
            const size_t blk = i / size_t(t.block);
            float want;
            if (t.mx) {
                const double X = r.scales[blk];
                want = static_cast<float>(double(minifloat_round(*t.minifloat, double(x[i]) / X)) * X);
                ASSERT_EQ(r.codes[i], minifloat_encode(*t.minifloat, double(x[i]) / X)) << name << " element " << i;
            } else {
                const float denom = r.scales[blk] * r.tensor_scale;
                want = minifloat_round(Minifloat::E2M1, x[i] / denom) * denom;
            }
            ASSERT_EQ(r.dequant[i], want) << name << " element " << i << " x " << x[i];
        }
    }
    for (Minifloat f : {Minifloat::E2M1, Minifloat::E2M3, Minifloat::E3M2})
        for (float v : x) ASSERT_EQ(minifloat_table(f).encode(v * 0x1p10f), minifloat_encode(f, double(v) * 0x1p10));
}

}  // namespace
}  // namespace rs::quant
