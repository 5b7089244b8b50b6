// safetensors reader/writer: round trips, sharded directories, and every way a file can lie.
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>

#include "core/error.h"
#include "io/half.h"
#include "io/safetensors.h"
#include "io/safetensors_writer.h"

namespace fs = std::filesystem;
using rs::SafetensorsFile;
using rs::SafetensorsModel;
using rs::SafetensorsWriter;
using rs::StDtype;

namespace {

using TempDir = rs::testing::TempDir;

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A raw safetensors image: length prefix (or a forged one), header text, zeroed buffer.
std::string st_image(const std::string& header, size_t buffer_bytes,
                     uint64_t forged_len = std::numeric_limits<uint64_t>::max()) {
    const uint64_t n = forged_len == std::numeric_limits<uint64_t>::max() ? header.size() : forged_len;
    std::string out(8, '\0');
    std::memcpy(out.data(), &n, 8);
    return out + header + std::string(buffer_bytes, '\0');
}

// Runs f, requiring a one-line BadInput error that names `file_part` and contains `needle`.
void expect_bad_input(const std::function<void()>& f, const std::string& file_part, const std::string& needle) {
    try {
        f();
        ADD_FAILURE() << "expected an rs::Error containing '" << needle << "'";
    } catch (const rs::Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.kind(), rs::ErrorKind::BadInput) << m;
        EXPECT_NE(m.find(file_part), std::string::npos) << m;
        EXPECT_NE(m.find(needle), std::string::npos) << m;
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
}

void expect_bad_file(const TempDir& d, const std::string& image, const std::string& needle) {
    const std::string path = d.file("bad.safetensors");
    write_file(path, image);
    expect_bad_input([&] { SafetensorsFile::open(path); }, path, needle);
}

uint16_t u16_at(std::span<const uint8_t> bytes, size_t i) {
    uint16_t v;
    std::memcpy(&v, bytes.data() + 2 * i, 2);
    return v;
}

// ------------------------------------------------------------------ conversions

TEST(Half, Fp16RoundTripsEveryHalf) {
    for (uint32_t h = 0; h < 0x10000; ++h) {
        const float f = rs::half::fp16_to_fp32(static_cast<uint16_t>(h));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(rs::half::fp16_to_fp32(rs::half::fp32_to_fp16(f))));
            continue;
        }
        ASSERT_EQ(rs::half::fp32_to_fp16(f), h) << std::hex << h;
    }
}

TEST(Half, Bf16RoundTripsEveryBf16) {
    for (uint32_t b = 0; b < 0x10000; ++b) {
        const float f = rs::half::bf16_to_fp32(static_cast<uint16_t>(b));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(rs::half::bf16_to_fp32(rs::half::fp32_to_bf16(f))));
            continue;
        }
        ASSERT_EQ(rs::half::fp32_to_bf16(f), b) << std::hex << b;
    }
}

TEST(Half, Fp16DecodesKnownValues) {
    EXPECT_EQ(rs::half::fp16_to_fp32(0x3C00), 1.0f);
    EXPECT_EQ(rs::half::fp16_to_fp32(0xC000), -2.0f);
    EXPECT_EQ(rs::half::fp16_to_fp32(0x7BFF), 65504.0f);
    EXPECT_EQ(rs::half::fp16_to_fp32(0x0001), std::ldexp(1.0f, -24));
    EXPECT_EQ(rs::half::fp16_to_fp32(0x03FF), std::ldexp(1023.0f, -24));
    EXPECT_EQ(rs::half::fp16_to_fp32(0x0400), std::ldexp(1.0f, -14));
    EXPECT_TRUE(std::signbit(rs::half::fp16_to_fp32(0x8000)));
    EXPECT_EQ(rs::half::fp16_to_fp32(0x7C00), std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(rs::half::fp16_to_fp32(0x7C01)));
}

#ifdef __FLT16_MAX__
// The compiler's own _Float16 conversion rounds to nearest even; compare across all exponents.
TEST(Half, Fp16NarrowingMatchesCompiler) {
    std::mt19937 rng(1234);
    std::uniform_int_distribution<uint32_t> bits;
    for (int i = 0; i < 2'000'000; ++i) {
        uint32_t x = bits(rng);
        // Bias the exponent towards the half range so rounding paths are exercised.
        if (i % 2 == 0) x = (x & 0x807fffffu) | ((96u + (x >> 23) % 48u) << 23);
        float f;
        std::memcpy(&f, &x, 4);
        if (std::isnan(f)) continue;
        const _Float16 h = static_cast<_Float16>(f);
        uint16_t want;
        std::memcpy(&want, &h, 2);
        ASSERT_EQ(rs::half::fp32_to_fp16(f), want) << std::hex << x;
    }
}
#endif

// ------------------------------------------------------------------ round trips

TEST(Safetensors, F32RoundTripWithMetadata) {
    TempDir d;
    SafetensorsWriter w;
    const std::vector<float> a = {1.5f, -2.25f, 3.0e-20f, 1.0e30f, -0.0f, 7.0f};
    const std::vector<float> b = {42.0f};
    w.add_f32("model.a.weight", {2, 3}, a);
    w.add_f32("b", {1}, b);
    w.set_metadata("note", "hello");
    const std::string path = d.file("x.safetensors");
    w.write(path);
    EXPECT_FALSE(fs::exists(path + ".tmp"));

    auto f = SafetensorsFile::open(path);
    EXPECT_EQ(f->header_size() % 8, 0u);
    ASSERT_EQ(f->tensors().size(), 2u);
    EXPECT_EQ(f->metadata().at("format"), "pt");
    EXPECT_EQ(f->metadata().at("note"), "hello");

    const rs::StTensorInfo* ta = f->find("model.a.weight");
    ASSERT_NE(ta, nullptr);
    EXPECT_EQ(ta->dtype, StDtype::F32);
    EXPECT_EQ(ta->dtype_name, "F32");
    EXPECT_EQ(ta->shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(ta->n_elements, 6);
    EXPECT_EQ(ta->begin, 8 + f->header_size());  // added first, so laid out first
    EXPECT_EQ(ta->end - ta->begin, 24u);
    EXPECT_EQ(ta->file, path);
    EXPECT_EQ(f->read_f32(*ta), a);
    EXPECT_TRUE(std::signbit(f->read_f32(*ta)[4]));
    EXPECT_EQ(f->read_f32(*f->find("b")), b);
    EXPECT_EQ(f->find("missing"), nullptr);
}

// A spilled writer keeps no tensor data in memory and writes the same bytes as one that holds it.
TEST(Safetensors, SpilledWriterHoldsNoTensorDataAndWritesTheSameFile) {
    TempDir d;
    std::vector<float> big(4096);
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<float>(i % 97) * 0.25f - 3.0f;
    auto fill = [&](SafetensorsWriter& w) {
        w.add_f32("big", {64, 64}, big, StDtype::BF16);
        w.add_raw("codes", "I32", {2}, std::vector<uint8_t>{1, 0, 0, 0, 2, 0, 0, 0});
        w.add_f32("small", {3}, std::vector<float>{1, 2, 3});
    };
    SafetensorsWriter held;
    fill(held);
    EXPECT_EQ(held.bytes_in_memory(), held.data_bytes());
    const std::string spill = d.file("data.spill");
    {
        SafetensorsWriter spilled;
        spilled.spill_to(spill);
        fill(spilled);
        EXPECT_EQ(spilled.bytes_in_memory(), 0u);
        EXPECT_EQ(spilled.data_bytes(), held.data_bytes());
        spilled.write(d.file("spilled.safetensors"));
    }
    EXPECT_FALSE(fs::exists(spill));
    held.write(d.file("held.safetensors"));
    std::ifstream a(d.file("spilled.safetensors"), std::ios::binary), b(d.file("held.safetensors"), std::ios::binary);
    const std::string sa((std::istreambuf_iterator<char>(a)), {}), sb((std::istreambuf_iterator<char>(b)), {});
    EXPECT_GT(sa.size(), 8192u);
    EXPECT_EQ(sa, sb);
}

TEST(Safetensors, F16RoundTripRoundsToNearestEven) {
    TempDir d;
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> in = {1.0f,          -2.0f,           0.1f,
                                   65519.0f,      65520.0f,        1.0f + 0x1p-11f,
                                   1.0f + 3 * 0x1p-11f, 0x1p-25f,   1.5f * 0x1p-25f,
                                   3 * 0x1p-25f,  1023.5f * 0x1p-24f, -0.0f,
                                   -inf,          1.0f / 3.0f};
    // Worked by hand from the binary16 layout (numpy agrees).
    const std::vector<uint16_t> halves = {0x3C00, 0xC000, 0x2E66, 0x7BFF, 0x7C00, 0x3C00, 0x3C02,
                                          0x0000, 0x0001, 0x0002, 0x0400, 0x8000, 0xFC00, 0x3555};
    const std::vector<float> back = {1.0f,      -2.0f,      0.0999755859375f, 65504.0f, inf,
                                     1.0f,      1.001953125f, 0.0f,           0x1p-24f, 0x1p-23f,
                                     0x1p-14f,  -0.0f,      -inf,             0.333251953125f};
    SafetensorsWriter w;
    w.add_f32("h", {2, 7}, in, StDtype::F16);
    const std::string path = d.file("h.safetensors");
    w.write(path);

    auto f = SafetensorsFile::open(path);
    const auto* t = f->find("h");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->dtype, StDtype::F16);
    EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 7}));
    const auto raw = f->raw(*t);
    ASSERT_EQ(raw.size(), 28u);
    for (size_t i = 0; i < halves.size(); ++i) EXPECT_EQ(u16_at(raw, i), halves[i]) << "element " << i;
    const auto got = f->read_f32(*t);
    ASSERT_EQ(got.size(), back.size());
    for (size_t i = 0; i < back.size(); ++i) EXPECT_EQ(got[i], back[i]) << "element " << i;
}

TEST(Safetensors, Bf16RoundTripRoundsToNearestEven) {
    TempDir d;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::vector<float> in = {1.0f, 1.0f + 0x1p-8f, 1.0f + 3 * 0x1p-8f, 3.14159274f, -1.0e-3f,
                                   std::numeric_limits<float>::max(), nan};
    // 1+2^-8 ties to even (down), 1+3*2^-8 ties up; pi keeps 0x4049; FLT_MAX rounds up to inf.
    const std::vector<uint16_t> want = {0x3F80, 0x3F80, 0x3F82, 0x4049, 0xBA83, 0x7F80};
    SafetensorsWriter w;
    w.add_f32("b", {7}, in, StDtype::BF16);
    const std::string path = d.file("b.safetensors");
    w.write(path);
    auto f = SafetensorsFile::open(path);
    const auto* t = f->find("b");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->dtype_name, "BF16");
    const auto raw = f->raw(*t);
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(u16_at(raw, i), want[i]) << "element " << i;
    const auto got = f->read_f32(*t);
    EXPECT_EQ(got[0], 1.0f);
    EXPECT_EQ(got[2], 1.0f + 0x1p-6f);  // 0x3F82
    EXPECT_EQ(got[3], 3.140625f);
    EXPECT_TRUE(std::isinf(got[5]));
    EXPECT_TRUE(std::isnan(got[6]));
}

TEST(Safetensors, RawDtypesF64ScalarsAndEmptyTensors) {
    TempDir d;
    SafetensorsWriter w;
    const std::vector<double> dv = {0.5, -1e300, 3.0};
    std::vector<uint8_t> dbytes(24);
    std::memcpy(dbytes.data(), dv.data(), 24);
    w.add_raw("d", "F64", {3}, dbytes);
    std::vector<uint8_t> ibytes(16, 0);
    ibytes[0] = 7;
    w.add_raw("ids", "I64", {2}, ibytes);
    w.add_f32("scalar", {}, std::vector<float>{9.0f});
    w.add_f32("empty", {0, 4}, std::vector<float>{});
    w.add_raw("fp4", "F4", {4}, {0x21, 0x43});
    const std::string path = d.file("m.safetensors");
    w.write(path);

    auto f = SafetensorsFile::open(path);
    ASSERT_EQ(f->tensors().size(), 5u);
    const auto got = f->read_f32(*f->find("d"));
    EXPECT_EQ(got[0], 0.5f);
    EXPECT_TRUE(std::isinf(got[1]) && got[1] < 0);
    EXPECT_EQ(got[2], 3.0f);
    EXPECT_EQ(f->read_f32(*f->find("scalar")), std::vector<float>{9.0f});
    EXPECT_EQ(f->find("scalar")->shape.size(), 0u);
    EXPECT_EQ(f->find("empty")->n_elements, 0);
    EXPECT_TRUE(f->read_f32(*f->find("empty")).empty());
    EXPECT_EQ(f->find("fp4")->dtype, StDtype::OTHER);
    EXPECT_EQ(f->find("fp4")->dtype_name, "F4");
    EXPECT_EQ(f->raw(*f->find("fp4"))[1], 0x43);
    EXPECT_EQ(f->find("ids")->dtype, StDtype::I64);
    expect_bad_input([&] { f->read_f32(*f->find("ids")); }, path,
                     "tensor 'ids' has dtype I64, which Rotoscope cannot read as weights");
}

TEST(Safetensors, WriterRejectsMisuse) {
    SafetensorsWriter w;
    const std::vector<float> v = {1, 2, 3};
    EXPECT_THROW(w.add_f32("a", {2, 2}, v), rs::Error);
    w.add_f32("a", {3}, v);
    EXPECT_THROW(w.add_f32("a", {3}, v), rs::Error);
    EXPECT_THROW(w.add_f32("__metadata__", {3}, v), rs::Error);
    EXPECT_THROW(w.add_f32("c", {3}, v, StDtype::I32), rs::Error);
    EXPECT_THROW(w.add_raw("c", "F7", {1}, {0}), rs::Error);
    EXPECT_THROW(w.add_raw("c", "F4", {3}, {0, 0}), rs::Error);  // 12 bits: not whole bytes
    EXPECT_EQ(w.tensor_count(), 1u);
}

TEST(Safetensors, ReadsHandWrittenUnpaddedHeader) {
    // Other writers need not pad: the buffer may start at any offset.
    TempDir d;
    const std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    std::string img = st_image(header, 0);
    const float v[2] = {3.5f, -1.0f};
    img.append(reinterpret_cast<const char*>(v), 8);
    const std::string path = d.file("u.safetensors");
    write_file(path, img);
    auto f = SafetensorsFile::open(path);
    EXPECT_EQ(f->read_f32(*f->find("w")), (std::vector<float>{3.5f, -1.0f}));
    EXPECT_TRUE(f->metadata().empty());
}

// ------------------------------------------------------------------ model directories

TEST(SafetensorsModel, SingleFileDirectory) {
    TempDir d;
    SafetensorsWriter w;
    w.add_f32("x", {2}, std::vector<float>{1, 2}, StDtype::BF16);
    w.write(d.file("model.safetensors"));
    auto m = SafetensorsModel::open_dir(d.str());
    ASSERT_EQ(m->files().size(), 1u);
    EXPECT_EQ(m->tensors().size(), 1u);
    EXPECT_EQ(m->read_f32("x"), (std::vector<float>{1, 2}));
    expect_bad_input([&] { m->read_f32("nope"); }, d.str(), "tensor 'nope' not found");
}

TEST(SafetensorsModel, ShardedRoundTrip) {
    TempDir d;
    SafetensorsWriter w1, w2;
    w1.add_f32("model.embed_tokens.weight", {2, 2}, std::vector<float>{1, 2, 3, 4});
    w1.add_f32("model.norm.weight", {2}, std::vector<float>{0.5f, 0.25f}, StDtype::F16);
    w2.add_f32("lm_head.weight", {2, 2}, std::vector<float>{-1, -2, -3, -4}, StDtype::BF16);
    w2.add_f32("extra.unmapped", {1}, std::vector<float>{8});
    w1.write(d.file("model-00001-of-00002.safetensors"));
    w2.write(d.file("model-00002-of-00002.safetensors"));
    write_file(d.file("model.safetensors.index.json"), R"({
      "metadata": {"total_size": 32},
      "weight_map": {
        "lm_head.weight": "model-00002-of-00002.safetensors",
        "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
        "model.norm.weight": "model-00001-of-00002.safetensors"
      }})");

    auto m = SafetensorsModel::open_dir(d.str());
    const auto files = m->files();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(fs::path(files[0]).filename().string(), "model-00001-of-00002.safetensors");
    EXPECT_EQ(fs::path(files[1]).filename().string(), "model-00002-of-00002.safetensors");
    const auto ts = m->tensors();
    ASSERT_EQ(ts.size(), 4u);
    EXPECT_EQ(ts[0]->name, "model.embed_tokens.weight");  // shard order, then file order
    EXPECT_EQ(ts[3]->name, "extra.unmapped");
    EXPECT_EQ(m->find("lm_head.weight")->file, files[1]);
    EXPECT_EQ(m->read_f32("model.embed_tokens.weight"), (std::vector<float>{1, 2, 3, 4}));
    EXPECT_EQ(m->read_f32("model.norm.weight"), (std::vector<float>{0.5f, 0.25f}));
    std::vector<float> head(4);
    m->read_f32_into("lm_head.weight", head.data());
    EXPECT_EQ(head, (std::vector<float>{-1, -2, -3, -4}));
    EXPECT_EQ(m->read_f32("extra.unmapped"), std::vector<float>{8});
    EXPECT_EQ(&m->shard_of(*m->find("lm_head.weight")), &m->shard_of(*m->find("extra.unmapped")));
}

// ------------------------------------------------------------------ corrupt files

TEST(SafetensorsCorrupt, TooShort) {
    TempDir d;
    expect_bad_file(d, "", "too short");
    expect_bad_file(d, std::string("\x05\0\0\0\0", 5), "too short");
    expect_bad_file(d, std::string(7, '\0'), "too short");
}

TEST(SafetensorsCorrupt, HeaderLengthPastEnd) {
    TempDir d;
    expect_bad_file(d, st_image("{}", 0, 3), "runs past the end");
    expect_bad_file(d, st_image("{}", 0, 1000), "runs past the end");
}

TEST(SafetensorsCorrupt, HeaderLengthOverLimit) {
    TempDir d;
    expect_bad_file(d, st_image("{}", 0, 200'000'000), "100 MB");
    expect_bad_file(d, st_image("{}", 0, std::numeric_limits<uint64_t>::max() - 1), "100 MB");
}

TEST(SafetensorsCorrupt, HeaderNotAnObject) {
    TempDir d;
    expect_bad_file(d, st_image("[1, 2]", 0), "does not start with '{'");
    expect_bad_file(d, st_image(" {}", 0), "does not start with '{'");
    expect_bad_file(d, st_image("", 0), "does not start with '{'");
}

TEST(SafetensorsCorrupt, InvalidJson) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"a": })", 0), "not valid JSON");
    expect_bad_file(d, st_image(R"({"a": {}} trailing)", 0), "not valid JSON");
    expect_bad_file(d, st_image("{\"a\xff\": 1}", 0), "not valid JSON");
}

TEST(SafetensorsCorrupt, EntryFieldsMissingOrMistyped) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"w": 5})", 0), "not a JSON object");
    expect_bad_file(d, st_image(R"({"w": {"shape": [1], "data_offsets": [0, 4]}})", 4), "no string 'dtype'");
    expect_bad_file(d, st_image(R"({"w": {"dtype": 7, "shape": [1], "data_offsets": [0, 4]}})", 4), "no string 'dtype'");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "data_offsets": [0, 4]}})", 4), "no 'shape' array");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": 1, "data_offsets": [0, 4]}})", 4), "no 'shape' array");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [1]}})", 4), "no 'data_offsets'");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}})", 4),
                    "no 'data_offsets'");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": ["1"], "data_offsets": [0, 4]}})", 4),
                    "shape dimension must be a non-negative integer");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [1.0], "data_offsets": [0, 4]}})", 4),
                    "shape dimension must be a non-negative integer");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": ["0", 4]}})", 4),
                    "data_offsets begin must be a non-negative integer");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]}})", 4),
                    "before begin");
    expect_bad_file(d, st_image(R"({"__metadata__": {"format": 1}})", 0), "'__metadata__' value for 'format'");
    expect_bad_file(d, st_image(R"({"__metadata__": [1]})", 0), "'__metadata__' is not a JSON object");
}

TEST(SafetensorsCorrupt, UnknownDtype) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F7", "shape": [1], "data_offsets": [0, 1]}})", 1),
                    "unknown dtype 'F7'");
}

TEST(SafetensorsCorrupt, NegativeDimAndOverflow) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}})", 4),
                    "shape dimension is negative");
    expect_bad_file(d,
                    st_image(R"({"w": {"dtype": "F32", "shape": [4294967296, 4294967296, 16], "data_offsets": [0, 4]}})", 4),
                    "overflows 64 bits");
    expect_bad_file(d,
                    st_image(R"({"w": {"dtype": "F64", "shape": [4294967296, 536870912], "data_offsets": [0, 4]}})", 4),
                    "overflows 64 bits");
    expect_bad_file(d,
                    st_image(R"({"w": {"dtype": "F32", "shape": [18446744073709551615], "data_offsets": [0, 4]}})", 4),
                    "shape dimension is too large");
}

TEST(SafetensorsCorrupt, ByteCountDisagreesWithShape) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"w": {"dtype": "BF16", "shape": [2, 3], "data_offsets": [0, 10]}})", 10),
                    "need 12 bytes");
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F4", "shape": [3], "data_offsets": [0, 2]}})", 2),
                    "byte boundary");
}

TEST(SafetensorsCorrupt, OffsetsPastBuffer) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", 8),
                    "past the end of the data buffer");
    expect_bad_file(d,
                    st_image(R"({"w": {"dtype": "U8", "shape": [4], "data_offsets": [18446744073709551610, 18446744073709551614]}})", 8),
                    "data_offsets begin is too large");
    expect_bad_file(d,
                    st_image(R"({"w": {"dtype": "U8", "shape": [4], "data_offsets": [9223372036854775800, 9223372036854775804]}})", 8),
                    "past the end of the data buffer");
}

TEST(SafetensorsCorrupt, OverlapHoleAndTrailingBytes) {
    TempDir d;
    expect_bad_file(d,
                    st_image(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                 "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})", 12),
                    "tensors 'a' and 'b' overlap");
    expect_bad_file(d,
                    st_image(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                 "b": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", 8),
                    "overlap");
    expect_bad_file(d,
                    st_image(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                 "b": {"dtype": "F32", "shape": [2], "data_offsets": [12, 20]}})", 20),
                    "bytes [8, 12) before tensor 'b' belong to no tensor");
    expect_bad_file(d, st_image(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})", 12),
                    "bytes [0, 4) before tensor 'a'");
    expect_bad_file(d, st_image(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", 12),
                    "last 4 bytes of the data buffer belong to no tensor");
    expect_bad_file(d, st_image("{}", 3), "last 3 bytes");
}

TEST(SafetensorsCorrupt, DuplicateNames) {
    TempDir d;
    expect_bad_file(d,
                    st_image(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                                 "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", 8),
                    "names tensor 'a' twice");
}

TEST(SafetensorsCorrupt, HostileJsonShapes) {
    TempDir d;
    expect_bad_file(d, st_image(R"({"w": {"dtype": "F32", "shape": [[1]], "data_offsets": [0, 4]}})", 4), "nests");
    expect_bad_file(d, st_image("{\"w\": " + std::string(100000, '[') + std::string(100000, ']') + "}", 0), "nests");
    std::string many = "{\"w\": [0";
    for (int i = 0; i < 5000; ++i) many += ",0";
    expect_bad_file(d, st_image(many + "]}", 0), "longer than 1024");
}

TEST(SafetensorsCorrupt, EveryPrefixOfAValidFileFails) {
    TempDir d;
    SafetensorsWriter w;
    w.add_f32("a", {3}, std::vector<float>{1, 2, 3});
    w.add_f32("b", {2, 2}, std::vector<float>{1, 2, 3, 4}, StDtype::F16);
    const std::string good = d.file("good.safetensors");
    w.write(good);
    const std::string bytes = read_file(good);
    ASSERT_GT(bytes.size(), 60u);
    ASSERT_NO_THROW(SafetensorsFile::open(good));
    const std::string path = d.file("prefix.safetensors");
    for (size_t len = 0; len < bytes.size(); ++len) {
        write_file(path, bytes.substr(0, len));
        try {
            SafetensorsFile::open(path);
            ADD_FAILURE() << "prefix of " << len << " bytes was accepted";
        } catch (const rs::Error& e) {
            EXPECT_EQ(e.kind(), rs::ErrorKind::BadInput);
            EXPECT_NE(std::string(e.what()).find("prefix.safetensors"), std::string::npos) << e.what();
        }
    }
}

// Single-byte corruptions anywhere must end in a clean error or a file whose reads stay in bounds.
TEST(SafetensorsCorrupt, SingleByteMutationsNeverCrash) {
    TempDir d;
    SafetensorsWriter w;
    w.add_f32("a", {3}, std::vector<float>{1, 2, 3});
    w.add_f32("b", {2}, std::vector<float>{1, 2}, StDtype::BF16);
    const std::string good = d.file("good.safetensors");
    w.write(good);
    const std::string bytes = read_file(good);
    const std::string path = d.file("mut.safetensors");
    const char repl[] = {'\0', '\xff', '"', '[', '{', '9', '-', ',', ' ', 'A'};
    int accepted = 0;
    for (size_t pos = 0; pos < bytes.size(); ++pos) {
        for (char c : repl) {
            std::string m = bytes;
            m[pos] = c;
            write_file(path, m);
            try {
                auto f = SafetensorsFile::open(path);
                for (const auto& t : f->tensors()) {
                    if (t.dtype == StDtype::F32 || t.dtype == StDtype::BF16 || t.dtype == StDtype::F16) {
                        EXPECT_EQ(f->read_f32(t).size(), static_cast<size_t>(t.n_elements));
                    }
                }
                ++accepted;
            } catch (const rs::Error& e) {
                EXPECT_EQ(e.kind(), rs::ErrorKind::BadInput);
            }
        }
    }
    EXPECT_GT(accepted, 0);  // data-byte and padding changes keep the file valid
}

// ------------------------------------------------------------------ corrupt directories

class ShardedCorrupt : public ::testing::Test {
protected:
    void SetUp() override {
        SafetensorsWriter w;
        w.add_f32("a", {1}, std::vector<float>{1});
        w.write(d.file("model-00001-of-00001.safetensors"));
    }
    void write_index(const std::string& text) { write_file(d.file("model.safetensors.index.json"), text); }
    void expect_bad(const std::string& needle) {
        expect_bad_input([&] { SafetensorsModel::open_dir(d.str()); }, "model.safetensors.index.json", needle);
    }
    TempDir d;
};

TEST_F(ShardedCorrupt, MissingWeightMap) {
    write_index(R"({"metadata": {}})");
    expect_bad("has no 'weight_map'");
    write_index(R"({"weight_map": ["a"]})");
    expect_bad("'weight_map' is not a JSON object");
    write_index(R"({"weight_map": {"a": 3}})");
    expect_bad("weight_map entry for tensor 'a' is not a string");
}

TEST_F(ShardedCorrupt, InvalidJson) {
    write_index(R"({"weight_map": {"a": )");
    expect_bad("model.safetensors.index.json: not valid JSON: parse error at");
}

TEST_F(ShardedCorrupt, ShardPathEscapes) {
    write_index(R"({"weight_map": {"a": "../../etc/passwd"}})");
    expect_bad("model.safetensors.index.json: shard path '../../etc/passwd' escapes the model directory");
    write_index(R"({"weight_map": {"a": "/etc/passwd"}})");
    expect_bad("shard path '/etc/passwd' escapes");
    write_index(R"({"weight_map": {"a": "sub/../../x.safetensors"}})");
    expect_bad("escapes the model directory");
    write_index(R"({"weight_map": {"a": ""}})");
    expect_bad("escapes the model directory");
}

TEST_F(ShardedCorrupt, ShardMissing) {
    write_index(R"({"weight_map": {"a": "model-00001-of-00001.safetensors",
                                   "b": "model-00002-of-00002.safetensors"}})");
    expect_bad("shard 'model-00002-of-00002.safetensors' listed in weight_map does not exist");
}

TEST_F(ShardedCorrupt, TensorNotInItsShard) {
    write_index(R"({"weight_map": {"a": "model-00001-of-00001.safetensors",
                                   "ghost": "model-00001-of-00001.safetensors"}})");
    expect_bad("tensor 'ghost' in 'model-00001-of-00001.safetensors', but that file does not contain it");
}

TEST_F(ShardedCorrupt, CorruptShardNamesTheShard) {
    write_file(d.file("model-00001-of-00001.safetensors"), "garbage");
    write_index(R"({"weight_map": {"a": "model-00001-of-00001.safetensors"}})");
    expect_bad_input([&] { SafetensorsModel::open_dir(d.str()); }, "model-00001-of-00001.safetensors", "too short");
}

TEST_F(ShardedCorrupt, TensorInTwoShardsUnmapped) {
    SafetensorsWriter w1, w2;
    w1.add_f32("a", {1}, std::vector<float>{1});
    w1.add_f32("x", {1}, std::vector<float>{1});
    w1.write(d.file("model-00001-of-00002.safetensors"));
    w2.add_f32("a", {1}, std::vector<float>{2});
    w2.add_f32("y", {1}, std::vector<float>{2});
    w2.write(d.file("model-00002-of-00002.safetensors"));
    write_index(R"({"weight_map": {"x": "model-00001-of-00002.safetensors",
                                   "y": "model-00002-of-00002.safetensors"}})");
    expect_bad("tensor 'a' is stored in both");
    // Once the map chooses, the duplicate is resolved.
    write_index(R"({"weight_map": {"x": "model-00001-of-00002.safetensors",
                                   "a": "model-00002-of-00002.safetensors",
                                   "y": "model-00002-of-00002.safetensors"}})");
    auto m = SafetensorsModel::open_dir(d.str());
    EXPECT_EQ(m->read_f32("a"), std::vector<float>{2});
    EXPECT_EQ(m->tensors().size(), 3u);
}

TEST(SafetensorsModelDir, EmptyOrMissingDirectory) {
    TempDir d;
    expect_bad_input([&] { SafetensorsModel::open_dir(d.str()); }, d.str(),
                     "no model.safetensors or model.safetensors.index.json");
    expect_bad_input([&] { SafetensorsModel::open_dir(d.file("nope")); }, "nope", "not a directory");
    write_file(d.file("plain"), "x");
    expect_bad_input([&] { SafetensorsModel::open_dir(d.file("plain")); }, "plain", "not a directory");
}

}  // namespace
