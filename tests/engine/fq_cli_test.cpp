// rotoscope-cli fq end to end: its raw outputs must be byte-identical to the reference quantizer
// called in-process, follow the documented layouts, and every bad input must be refused with
// exit 2, a one-line message, and no output file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "quant/fake_quant.h"
#include "quant/format.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace rs {
namespace {
namespace fs = std::filesystem;
using testing::run_cli;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const void* data, size_t n) {
    std::ofstream(path, std::ios::binary).write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
}

void write_f32(const std::string& path, const std::vector<float>& v) { write_bytes(path, v.data(), v.size() * 4); }

template <class T>
std::string bytes_of(const std::vector<T>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

std::vector<float> floats_of(const std::string& s) {
    std::vector<float> v(s.size() / 4);
    std::memcpy(v.data(), s.data(), v.size() * 4);
    return v;
}

// Heavy-tailed values with a few outliers, so that clipping and block scales differ across blocks.
std::vector<float> test_values(int64_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::student_t_distribution<float> t(3.0f);
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = t(rng);
    v[5] = 40.0f;
    v[static_cast<size_t>(n) - 3] = -25.0f;
    return v;
}

class FqCliTest : public ::testing::Test {
protected:
    static constexpr int64_t kRows = 3, kCols = 128;
    void SetUp() override {
        input_ = dir_.file("x.f32");
        x_ = test_values(kRows * kCols, 11);
        write_f32(input_, x_);
    }
    testing::TempDir dir_{"rs-fq-cli"};
    std::string input_;
    std::vector<float> x_;
};

class FqFormatTest : public FqCliTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(FqFormatTest, OutputsAreByteIdenticalToTheReferenceQuantizer) {
    const std::string fmt = GetParam();
    const quant::FormatSpec spec = quant::parse_format_spec(fmt);
    const quant::QuantResult ref = quant::fake_quant(x_.data(), kRows, kCols, spec, true);
    const bool has_scale_bytes = !ref.scale_bytes.empty();

    const std::string out = dir_.file("dq.f32"), codes = dir_.file("codes.bin"), scales = dir_.file("scales.bin"),
                      sbytes = dir_.file("sb.bin");
    std::vector<std::string> args{"fq", "--format", fmt, "--in", input_, "--cols", std::to_string(kCols), "--out", out,
                                  "--codes", codes, "--scales", scales, "--json"};
    if (has_scale_bytes) args.insert(args.end(), {"--scale-bytes", sbytes});
    const auto r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;

    EXPECT_EQ(slurp(out), bytes_of(ref.dequant));
    std::string want_codes;
    for (int32_t c : ref.codes) want_codes.push_back(static_cast<char>(static_cast<uint8_t>(c & 0xFF)));
    EXPECT_EQ(slurp(codes), want_codes);
    EXPECT_EQ(slurp(scales), bytes_of(ref.scales));
    if (has_scale_bytes) EXPECT_EQ(slurp(sbytes), bytes_of(ref.scale_bytes));

    // The summary, recomputed naively from the input and the written output.
    const auto j = nlohmann::json::parse(r.out);
    const std::vector<float> dq = floats_of(slurp(out));
    ASSERT_EQ(dq.size(), x_.size());
    double err = 0, sig = 0, mx = 0;
    for (size_t i = 0; i < dq.size(); ++i) {
        const double d = double(x_[i]) - double(dq[i]);
        err += d * d;
        sig += double(x_[i]) * x_[i];
        mx = std::max(mx, std::abs(d));
    }
    EXPECT_EQ(j["format"], quant::format_spec_name(spec));
    EXPECT_EQ(j["elements"], kRows * kCols);
    EXPECT_EQ(j["rows"], kRows);
    EXPECT_NEAR(j["mse"].get<double>(), err / double(dq.size()), 1e-12 + 1e-9 * err);
    EXPECT_DOUBLE_EQ(j["max_abs_error"].get<double>(), mx);
    EXPECT_NEAR(j["sqnr_db"].get<double>(), 10 * std::log10(sig / err), 1e-9);
    EXPECT_GT(mx, 0.0);  // 4- and 8-bit formats cannot be lossless on these values
}

INSTANTIATE_TEST_SUITE_P(Formats, FqFormatTest, ::testing::Values("int4:g32", "mxfp4", "nvfp4", "fp8_e4m3", "nf4"),
                         [](const auto& info) {
                             std::string s = info.param;
                             for (auto& c : s)
                                 if (c == ':') c = '_';
                             return s;
                         });

// compressed-tensors 0.20.1's NVFP4 activation quantizer (the preset's input_activations: block
// scales dynamic, global scale static) on these 48 values with input_global_scale =
// generate_gparam(amax 10) = 268.8, in float32: fake_quantize(x, compute_dynamic_scales_and_zp(x)).
// Block 0 holds 17.25, above the calibrated amax, so its scale saturates at E4M3's 448 and so does
// the element; block 2's scale is an E4M3 subnormal. The library divides by its global scale where
// Rotoscope multiplies by amax / 2688: scale bytes equal, values within 2 ulp (1 measured).
constexpr float kX[] = {
    0x1.e3b74ap-8f, 0x1.cadf86p+0f, -0x1.a51364p+0f, 0x1.14p+4f, -0x1.5d2feap+1f, -0x1.7ccad2p+2f,
    0x1.7185b6p-2f, 0x1.015242p+3f, -0x1.7a03bep+1f, -0x1.dc8654p+1f, 0x1.7832dep+1f, 0x1.1216d8p+1f,
    0x1.43d524p-1f, -0x1.654cbcp+2f, -0x1.677246p-3f, 0x1.0aff16p+2f, -0x1.0216d6p+1f, -0x1.5f72ecp-1f,
    -0x1.6d08e6p+1f, -0x1.ef2eb8p+0f, -0x1.619cf6p+1f, -0x1.691998p-2f, -0x1.e6b31p+0f, 0x1.a0a97cp-2f,
    0x1.e18a12p-3f, -0x1.1f203ep-2f, -0x1.e337c6p+1f, -0x1.9db756p-1f, -0x1.29fd64p-4f, 0x1.5c15dp-3f,
    -0x1.25c93cp+1f, -0x1.6eea1ep-1f, -0x1.00834ep-8f, -0x1.a8104cp-9f, 0x1.161bb4p-8f, -0x1.a76178p-9f,
    -0x1.10cfd4p-13f, 0x1.cfacccp-9f, -0x1.31f986p-9f, -0x1.d4830ep-12f, 0x1.cf51f8p-12f, 0x1.0b8528p-12f,
    -0x1.41241ap-8f, 0x1.3f5af4p-12f, 0x1.643518p-8f, -0x1.95932p-8f, 0x1.c29064p-9f, 0x1.f49b68p-12f,
};
constexpr float kLibrary[] = {
    0.0f, 0x1.aaaaa8p+0f, -0x1.aaaaa8p+0f, 0x1.3ffffep+3f, -0x1.3ffffep+1f, -0x1.aaaaa8p+2f,
    0.0f, 0x1.aaaaa8p+2f, -0x1.aaaaa8p+1f, -0x1.aaaaa8p+1f, 0x1.aaaaa8p+1f, 0x1.3ffffep+1f,
    0x1.aaaaa8p-1f, -0x1.3ffffep+2f, -0.0f, 0x1.3ffffep+2f, -0x1.f6db6cp+0f, -0x1.4f3cf2p-1f,
    -0x1.4f3cf2p+1f, -0x1.f6db6cp+0f, -0x1.4f3cf2p+1f, -0x1.4f3cf2p-2f, -0x1.f6db6cp+0f, 0x1.4f3cf2p-2f,
    0x1.4f3cf2p-2f, -0x1.4f3cf2p-2f, -0x1.f6db6cp+1f, -0x1.4f3cf2p-1f, -0.0f, 0x1.4f3cf2p-2f,
    -0x1.4f3cf2p+1f, -0x1.4f3cf2p-1f, -0x1.124924p-8f, -0x1.9b6db6p-9f, 0x1.124924p-8f, -0x1.9b6db6p-9f,
    -0.0f, 0x1.9b6db6p-9f, -0x1.124924p-9f, -0x1.124924p-11f, 0x1.124924p-11f, 0.0f,
    -0x1.124924p-8f, 0x1.124924p-11f, 0x1.9b6db6p-8f, -0x1.9b6db6p-8f, 0x1.9b6db6p-9f, 0x1.124924p-11f,
};

TEST_F(FqCliTest, StaticNvfp4EqualsCompressedTensorsActivationQuantizer) {
    const std::string in = dir_.file("lit.f32"), out = dir_.file("dq.f32"), sb = dir_.file("sb.bin");
    write_f32(in, std::vector<float>(std::begin(kX), std::end(kX)));
    const auto r = run_cli({"fq", "--format", "nvfp4:static", "--tensor-amax", "10", "--in", in, "--cols", "48", "--out", out,
                            "--scale-bytes", sb, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(sb), std::string("\x7e\x73\x29", 3));
    EXPECT_EQ(nlohmann::json::parse(r.out)["tensor_scale"].get<float>(), 10.0f / 2688.0f);
    const std::vector<float> got = floats_of(slurp(out));
    ASSERT_EQ(got.size(), std::size(kLibrary));
    for (size_t i = 0; i < got.size(); ++i) {
        int32_t a, b;
        std::memcpy(&a, &got[i], 4);
        std::memcpy(&b, &kLibrary[i], 4);
        EXPECT_LE(std::abs(static_cast<int64_t>(a) - b), 2) << i << ": " << got[i] << " vs " << kLibrary[i];
    }
}

// Checks the documented layout itself, not only agreement with the engine: for symmetric INT the
// code byte is a signed int8 and dequant = code * scale of its group of 32.
TEST_F(FqCliTest, Int4CodesAreSignedBytesTimesTheirGroupScale) {
    const std::string out = dir_.file("dq.f32"), codes = dir_.file("c.bin"), scales = dir_.file("s.bin");
    const auto r = run_cli({"fq", "--format", "int4:g32", "--in", input_, "--cols", "128", "--out", out, "--codes", codes,
                            "--scales", scales});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string c = slurp(codes);
    const std::vector<float> dq = floats_of(slurp(out)), s = floats_of(slurp(scales));
    ASSERT_EQ(c.size(), x_.size());
    ASSERT_EQ(s.size(), x_.size() / 32);
    bool saw_negative = false;
    for (size_t i = 0; i < c.size(); ++i) {
        const int q = static_cast<int8_t>(c[i]);
        ASSERT_GE(q, -7);
        ASSERT_LE(q, 7);
        saw_negative |= q < 0;
        EXPECT_FLOAT_EQ(dq[i], float(q) * s[i / 32]) << i;
    }
    EXPECT_TRUE(saw_negative);
    // The text summary names the format and the shape.
    EXPECT_NE(r.out.find("int4:g32"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("384 elements (3 rows x 128)"), std::string::npos) << r.out;
}

// MX E8M0 scale byte = e + 127 where the float scale is 2^e.
TEST_F(FqCliTest, MxScaleBytesEncodeThePowerOfTwoScales) {
    const std::string out = dir_.file("dq.f32"), scales = dir_.file("s.bin"), sb = dir_.file("sb.bin");
    const auto r = run_cli({"fq", "--format", "mxfp4", "--in", input_, "--cols", "128", "--out", out, "--scales", scales,
                            "--scale-bytes", sb});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<float> s = floats_of(slurp(scales));
    const std::string b = slurp(sb);
    ASSERT_EQ(b.size(), x_.size() / 32);
    ASSERT_EQ(s.size(), b.size());
    for (size_t i = 0; i < b.size(); ++i) EXPECT_EQ(s[i], std::ldexp(1.0f, int(uint8_t(b[i])) - 127)) << i;
}

TEST_F(FqCliTest, AsymmetricZeroPointsAreWrittenAsBytes) {
    const std::string out = dir_.file("dq.f32"), zp = dir_.file("zp.bin");
    const auto r = run_cli({"fq", "--format", "int8:asym:token", "--in", input_, "--cols", "128", "--out", out,
                            "--zero-points", zp});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const quant::QuantResult ref = quant::fake_quant(x_.data(), kRows, kCols, quant::parse_format_spec("int8:asym:token"));
    ASSERT_EQ(ref.zero_points.size(), size_t(kRows));
    std::string want;
    for (int32_t z : ref.zero_points) want.push_back(static_cast<char>(static_cast<uint8_t>(z)));
    EXPECT_EQ(slurp(zp), want);
}

class FqBadInputTest : public FqCliTest {
protected:
    // Runs fq and checks the refusal: exit 2, one line naming the problem, no output, no temporaries.
    void expect_refused(std::vector<std::string> args, const std::string& needle, const std::vector<std::string>& outputs) {
        const auto r = run_cli(args);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        for (const auto& o : outputs) EXPECT_FALSE(fs::exists(o)) << o;
        // No temporary files left next to the outputs either.
        for (const auto& e : fs::directory_iterator(dir_.path()))
            EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    }
    std::vector<std::string> args(const std::string& in, const std::string& cols, const std::string& fmt = "int4:g32") {
        return {"fq", "--format", fmt, "--in", in, "--cols", cols, "--out", out_, "--codes", codes_, "--scales", scales_};
    }
    std::string out_ = dir_.file("dq.f32"), codes_ = dir_.file("codes.bin"), scales_ = dir_.file("scales.bin");
    std::vector<std::string> outs() const { return {out_, codes_, scales_}; }
};

TEST_F(FqBadInputTest, MissingInputFile) {
    const std::string missing = dir_.file("nope.f32");
    expect_refused(args(missing, "128"), missing, outs());
}

TEST_F(FqBadInputTest, SizeNotAMultipleOfFour) {
    const std::string odd = dir_.file("odd.f32");
    write_bytes(odd, x_.data(), 4 * 64 + 2);
    expect_refused(args(odd, "32"), odd + ": size 258 bytes is not a multiple of 4", outs());
}

TEST_F(FqBadInputTest, ElementCountNotWholeRows) {
    const std::string in = dir_.file("short.f32");
    write_f32(in, std::vector<float>(x_.begin(), x_.begin() + 200));
    expect_refused(args(in, "128"), in + ": 200 float32 values do not make whole rows of --cols 128", outs());
}

TEST_F(FqBadInputTest, ZeroCols) { expect_refused(args(input_, "0"), "--cols must be positive", outs()); }

TEST_F(FqBadInputTest, RowLengthNotAMultipleOfTheBlock) {
    // 384 values as rows of 48: whole rows, but MXFP4's block is 32 and NF4's is 64.
    expect_refused(args(input_, "48", "mxfp4"), "not a multiple of the block size 32", outs());
    expect_refused(args(input_, "48", "nf4"), input_, outs());
    expect_refused(args(input_, "48", "int4:g32"), "not a multiple of the group size 32", outs());
}

TEST_F(FqBadInputTest, MalformedFormat) {
    expect_refused(args(input_, "128", "int5:g32"), "int5", outs());
    expect_refused(args(input_, "128", "mxfp4:g32"), "mxfp4:g32", outs());
}

TEST_F(FqBadInputTest, NonFiniteValueIsLocated) {
    std::vector<float> v = x_;
    v[1 * 128 + 77] = std::numeric_limits<float>::quiet_NaN();
    const std::string in = dir_.file("nan.f32");
    write_f32(in, v);
    expect_refused(args(in, "128"), "row 1, column 77", outs());
    expect_refused(args(in, "128"), in, outs());
    v[1 * 128 + 77] = 1.0f;
    v[2 * 128 + 3] = -std::numeric_limits<float>::infinity();
    write_f32(in, v);
    expect_refused(args(in, "128", "nvfp4"), "row 2, column 3", outs());
}

TEST_F(FqBadInputTest, MissingOutputDirectory) {
    const std::string bad = dir_.file("no/such/dir/codes.bin");
    auto a = args(input_, "128");
    a[10] = bad;  // --codes
    expect_refused(a, bad + ": output directory does not exist", {out_, bad, scales_});
}

TEST_F(FqBadInputTest, TensorAmaxGoesWithAStaticFormatOnly) {
    expect_refused(args(input_, "128", "nvfp4:static"), "needs --tensor-amax", outs());
    auto a = args(input_, "128", "nvfp4");
    a.insert(a.end(), {"--tensor-amax", "3"});
    expect_refused(a, "is not static", outs());
    a = args(input_, "128", "nvfp4:static");
    a.insert(a.end(), {"--tensor-amax", "-1"});
    expect_refused(a, "not a finite non-negative number", outs());
}

TEST_F(FqBadInputTest, ScaleBytesForAFormatWithoutThem) {
    auto a = args(input_, "128", "int4:g32");
    a.insert(a.end(), {"--scale-bytes", dir_.file("sb.bin")});
    expect_refused(a, "--scale-bytes", {out_, codes_, scales_, dir_.file("sb.bin")});
}

}  // namespace
}  // namespace rs
