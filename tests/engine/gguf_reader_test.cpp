// GGUF reader, writer and tokenizer metadata. Valid files come from GgufWriter; hostile ones are
// assembled byte by byte with Raw (independent of the writer) or made by corrupting valid ones.
// Every rejection must be rs::Error(BadInput) with a single line "<path>: <problem>".
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "core/error.h"
#include "io/ggml_types.h"
#include "io/gguf.h"
#include "io/gguf_tokenizer.h"
#include "io/gguf_writer.h"

namespace rs {
namespace {

namespace fs = std::filesystem;

using TempDir = rs::testing::TempDir;

void write_bytes(const std::string& path, const std::vector<uint8_t>& b, size_t n = SIZE_MAX) {
    // Unlink first: truncating and rewriting an existing file makes ext4 flush it synchronously
    // (auto_da_alloc), which turns the thousands of rewrites below into seconds of disk waits.
    std::error_code ec;
    fs::remove(path, ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(std::min(n, b.size())));
    ASSERT_TRUE(out.good()) << path;
}

// open() must fail with BadInput, one line, starting with "<path>: " and containing `needle`.
void expect_bad(const std::string& path, const std::string& needle) {
    try {
        auto f = GgufFile::open(path);
        ADD_FAILURE() << "opened " << path << " but expected an error containing: " << needle;
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << m;
        EXPECT_EQ(m.rfind(path + ": ", 0), 0u) << m;
        EXPECT_NE(m.find(needle), std::string::npos) << "message: " << m << "\nexpected: " << needle;
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
}

// Little-endian byte builder for hand-made (mostly hostile) files.
struct Raw {
    std::vector<uint8_t> b;
    template <typename T>
    Raw& put(T v) {
        const size_t at = b.size();
        b.resize(at + sizeof(T));
        std::memcpy(b.data() + at, &v, sizeof(T));
        return *this;
    }
    Raw& u32(uint32_t v) { return put(v); }
    Raw& u64(uint64_t v) { return put(v); }
    Raw& str(const std::string& s) {
        u64(s.size());
        b.insert(b.end(), s.begin(), s.end());
        return *this;
    }
    Raw& zeros(size_t n) {
        b.resize(b.size() + n, 0);
        return *this;
    }
    Raw& pad_to(size_t a) { return zeros((a - b.size() % a) % a); }
    Raw& header(uint64_t n_tensors, uint64_t n_kv, uint32_t version = 3) {
        return u32(0x46554747u).u32(version).u64(n_tensors).u64(n_kv);
    }
    Raw& kv_u32(const std::string& k, uint32_t v) { return str(k).u32(4).u32(v); }
    Raw& tensor_info(const std::string& name, const std::vector<uint64_t>& ne, uint32_t type, uint64_t offset) {
        str(name).u32(static_cast<uint32_t>(ne.size()));
        for (uint64_t d : ne) u64(d);
        return u32(type).u64(offset);
    }
};

// One tensor, no metadata: the common frame for tensor-info corruption tests.
std::vector<uint8_t> one_tensor_file(const std::string& name, const std::vector<uint64_t>& ne, uint32_t type,
                                     uint64_t offset, size_t data_bytes) {
    Raw r;
    r.header(1, 0).tensor_info(name, ne, type, offset).pad_to(32).zeros(data_bytes);
    return r.b;
}

// A small file touching every part of the format: scalars, arrays, nesting, three tensor types.
GgufWriter small_writer() {
    GgufWriter w;
    w.set_string("general.architecture", "llama");
    w.set_u32("llama.block_count", 2);
    w.set_f32("llama.rope.freq_base", 10000.0f);
    w.set_bool("flag", true);
    w.set_array_strings("names", {"a", "bc", ""});
    w.set_array_i32("ids", {-1, 0, 7});
    GgufArray inner;
    inner.elem_type = GgufValueType::U16;
    inner.ints = {1, 2};
    inner.numbers = {1, 2};
    GgufArray outer;
    outer.elem_type = GgufValueType::ARRAY;
    outer.arrays = {inner, inner};
    w.set_value("nested", {GgufValueType::ARRAY, outer});
    std::vector<float> a(8);
    for (int i = 0; i < 8; ++i) a[i] = static_cast<float>(i) - 3.5f;
    w.add_tensor_f32("a", {4, 2}, a);
    std::vector<float> q(64);
    for (int i = 0; i < 64; ++i) q[i] = std::sin(static_cast<float>(i));
    w.add_tensor_f32("q", {32, 2}, q, GgmlType::Q8_0);
    std::vector<uint8_t> k(sizeof(block_q4_K), 0x11);
    k[0] = 0x00;
    k[1] = 0x38;  // d = 0.5
    w.add_tensor("k", {256}, GgmlType::Q4_K, k);
    return w;
}

// ---------------------------------------------------------------- round trips

TEST(GgufRoundTrip, EveryValueType) {
    TempDir dir;
    GgufWriter w;
    w.set_u8("u8", 200);
    w.set_i8("i8", -100);
    w.set_u16("u16", 60000);
    w.set_i16("i16", -30000);
    w.set_u32("u32", 4000000000u);
    w.set_i32("i32", -2000000000);
    w.set_u64("u64", 1ull << 60);
    w.set_u64("u64.big", 0xFFFFFFFFFFFFFFF0ull);
    w.set_i64("i64", -(1ll << 50));
    w.set_f32("f32", 0.1f);
    w.set_f64("f64", 1.0 / 3.0);
    w.set_bool("yes", true);
    w.set_bool("no", false);
    w.set_string("str", std::string("h\xC3\xA9llo\0world", 12));
    w.set_string("empty", "");
    w.set_array_strings("strs", {"x", "", "\xE2\x96\x81y"});
    w.set_array_f32("f32s", {1.5f, -2.25f, 1e-8f});
    w.set_array_i32("i32s", {-2147483647 - 1, 0, 2147483647});
    w.set_array_u32("u32s", {0u, 4294967295u});
    w.set_array_strings("no.strs", {});
    GgufArray bools;
    bools.elem_type = GgufValueType::BOOL;
    bools.ints = {1, 0, 1};
    w.set_value("bools", {GgufValueType::ARRAY, bools});
    GgufArray leaf_s;
    leaf_s.elem_type = GgufValueType::STRING;
    leaf_s.strings = {"deep"};
    GgufArray leaf_n;
    leaf_n.elem_type = GgufValueType::I64;
    leaf_n.ints = {-5, 1ll << 40};
    GgufArray mid;
    mid.elem_type = GgufValueType::ARRAY;
    mid.arrays = {leaf_s};
    GgufArray top;
    top.elem_type = GgufValueType::ARRAY;
    top.arrays = {mid, GgufArray{GgufValueType::ARRAY, {}, {}, {}, {leaf_n}}};
    w.set_value("nested", {GgufValueType::ARRAY, top});
    w.set_u32("u32", 42);  // replacing keeps one entry in its original position
    const std::string path = dir.file("values.gguf");
    w.write(path);
    EXPECT_FALSE(fs::exists(path + ".tmp"));

    auto f = GgufFile::open(path);
    EXPECT_EQ(f->version(), 3u);
    EXPECT_EQ(f->alignment(), 32u);
    EXPECT_EQ(f->path(), path);
    EXPECT_EQ(f->metadata().size(), 22u);
    ASSERT_EQ(f->metadata_keys().size(), 22u);
    EXPECT_EQ(f->metadata_keys()[0], "u8");
    EXPECT_EQ(f->metadata_keys()[4], "u32");
    EXPECT_EQ(f->metadata_keys()[21], "nested");
    EXPECT_EQ(f->get_int("u8"), 200);
    EXPECT_EQ(f->get_int("i8"), -100);
    EXPECT_EQ(f->get_int("u16"), 60000);
    EXPECT_EQ(f->get_int("i16"), -30000);
    EXPECT_EQ(f->get_int("u32"), 42);
    EXPECT_EQ(f->find("u32")->type, GgufValueType::U32);
    EXPECT_EQ(f->get_int("i32"), -2000000000);
    EXPECT_EQ(f->get_int("u64"), 1ll << 60);
    EXPECT_EQ(f->get_int("u64.big"), std::nullopt);  // does not fit int64
    EXPECT_EQ(std::get<uint64_t>(f->find("u64.big")->v), 0xFFFFFFFFFFFFFFF0ull);
    EXPECT_EQ(f->get_int("i64"), -(1ll << 50));
    EXPECT_EQ(f->get_float("f32"), static_cast<double>(0.1f));
    EXPECT_EQ(f->get_float("f64"), 1.0 / 3.0);
    EXPECT_EQ(f->get_float("i16"), -30000.0);  // integers widen to float
    EXPECT_EQ(f->get_bool("yes"), true);
    EXPECT_EQ(f->get_bool("no"), false);
    EXPECT_EQ(f->get_string("str"), std::string("h\xC3\xA9llo\0world", 12));
    EXPECT_EQ(f->get_string("empty"), "");
    // Wrong-type and missing lookups are nullopt, not errors.
    EXPECT_EQ(f->get_int("str"), std::nullopt);
    EXPECT_EQ(f->get_int("f32"), std::nullopt);
    EXPECT_EQ(f->get_bool("u8"), std::nullopt);
    EXPECT_EQ(f->get_string("u8"), std::nullopt);
    EXPECT_EQ(f->get_float("str"), std::nullopt);
    EXPECT_EQ(f->get_array("str"), nullptr);
    EXPECT_EQ(f->get_int("missing"), std::nullopt);
    EXPECT_FALSE(f->has("missing"));
    EXPECT_TRUE(f->has("empty"));

    const GgufArray* strs = f->get_array("strs");
    ASSERT_NE(strs, nullptr);
    EXPECT_EQ(strs->elem_type, GgufValueType::STRING);
    EXPECT_EQ(strs->strings, (std::vector<std::string>{"x", "", "\xE2\x96\x81y"}));
    EXPECT_EQ(strs->size(), 3u);
    const GgufArray* f32s = f->get_array("f32s");
    ASSERT_NE(f32s, nullptr);
    EXPECT_EQ(f32s->numbers, (std::vector<double>{1.5, -2.25, static_cast<double>(1e-8f)}));
    const GgufArray* i32s = f->get_array("i32s");
    ASSERT_NE(i32s, nullptr);
    EXPECT_EQ(i32s->elem_type, GgufValueType::I32);
    EXPECT_EQ(i32s->ints, (std::vector<int64_t>{-2147483648ll, 0, 2147483647}));
    EXPECT_EQ(i32s->numbers, (std::vector<double>{-2147483648.0, 0, 2147483647.0}));
    EXPECT_EQ(f->get_array("u32s")->ints, (std::vector<int64_t>{0, 4294967295ll}));
    EXPECT_EQ(f->get_array("no.strs")->size(), 0u);
    EXPECT_EQ(f->get_array("bools")->ints, (std::vector<int64_t>{1, 0, 1}));
    const GgufArray* nested = f->get_array("nested");
    ASSERT_NE(nested, nullptr);
    ASSERT_EQ(nested->size(), 2u);
    ASSERT_EQ(nested->arrays[0].arrays.size(), 1u);
    EXPECT_EQ(nested->arrays[0].arrays[0].strings, std::vector<std::string>{"deep"});
    ASSERT_EQ(nested->arrays[1].arrays.size(), 1u);
    EXPECT_EQ(nested->arrays[1].arrays[0].ints, (std::vector<int64_t>{-5, 1ll << 40}));
    EXPECT_TRUE(f->tensors().empty());
}

TEST(GgufRoundTrip, TensorsOfSeveralTypes) {
    TempDir dir;
    GgufWriter w;
    std::mt19937 rng(3);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    auto randn = [&](size_t n) {
        std::vector<float> v(n);
        for (auto& x : v) x = nd(rng);
        return v;
    };
    const auto x_f32 = randn(5 * 3);
    const auto x_q = randn(64 * 3);
    const auto x_4d = randn(32 * 2 * 3 * 2);
    std::vector<float> x_f16 = {1.0f, -0.5f, 65504.0f, 0.0f, 3.0f, std::ldexp(1.0f, -24)};
    w.add_tensor_f32("f32", {5, 3}, x_f32);
    w.add_tensor_f32("f16", {3, 2}, x_f16, GgmlType::F16);
    w.add_tensor_f32("bf16", {3, 2}, x_f16, GgmlType::BF16);
    w.add_tensor_f32("q8_0", {64, 3}, x_q, GgmlType::Q8_0);
    w.add_tensor_f32("q4_0", {64, 3}, x_q, GgmlType::Q4_0);
    w.add_tensor_f32("q4_1", {64, 3}, x_q, GgmlType::Q4_1);
    w.add_tensor_f32("q5_0", {64, 3}, x_q, GgmlType::Q5_0);
    w.add_tensor_f32("q5_1.4d", {32, 2, 3, 2}, x_4d, GgmlType::Q5_1);
    // A hand-made Q6_K super-block: d = 1, all scales 1, all 6-bit codes 33 -> every value is +1.
    block_q6_K b6{};
    b6.d = 0x3C00;
    for (auto& s : b6.scales) s = 1;
    for (auto& q : b6.ql) q = 0x11;  // low nibbles 1
    for (auto& q : b6.qh) q = 0xAA;  // high bit pairs 2 -> code 1 | 32 = 33
    std::vector<uint8_t> raw6(sizeof b6);
    std::memcpy(raw6.data(), &b6, sizeof b6);
    w.add_tensor("q6_k", {256}, GgmlType::Q6_K, raw6);
    w.add_tensor("iq2", {256}, GgmlType::IQ2_XXS, std::vector<uint8_t>(66, 0));
    const std::string path = dir.file("tensors.gguf");
    w.write(path);

    auto f = GgufFile::open(path);
    ASSERT_EQ(f->tensors().size(), 10u);
    EXPECT_EQ(f->tensors()[0].name, "f32");
    EXPECT_EQ(f->tensors()[9].name, "iq2");
    for (const auto& t : f->tensors()) {
        EXPECT_EQ(t.offset % 32, 0u) << t.name;
        EXPECT_EQ((f->data_offset() + t.offset) % 32, 0u) << t.name;
        EXPECT_EQ(static_cast<int64_t>(t.nbytes), ggml_row_size(t.type, t.n_elements)) << t.name;
        EXPECT_EQ(f->tensor_data(t).size(), t.nbytes);
    }
    const GgufTensorInfo* t = f->find_tensor("f32");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->ne, (std::vector<int64_t>{5, 3}));
    EXPECT_EQ(t->type, static_cast<uint32_t>(GgmlType::F32));
    EXPECT_EQ(t->n_elements, 15);
    EXPECT_EQ(f->read_f32(*t), x_f32);
    EXPECT_EQ(f->find_tensor("nope"), nullptr);

    EXPECT_EQ(f->read_f32(*f->find_tensor("f16")), x_f16);  // all exactly representable
    const auto bf = f->read_f32(*f->find_tensor("bf16"));
    EXPECT_EQ(bf[0], 1.0f);
    EXPECT_EQ(bf[1], -0.5f);
    EXPECT_EQ(bf[2], 65536.0f);  // 65504 rounds to 2^16 in bfloat16

    // Quantized tensors decode to exactly what the traits decoder gives for the writer's bytes,
    // and stay close to the input.
    const struct { const char* name; GgmlType type; float tol; } qs[] = {
        {"q8_0", GgmlType::Q8_0, 0.03f}, {"q4_0", GgmlType::Q4_0, 0.6f}, {"q4_1", GgmlType::Q4_1, 0.4f},
        {"q5_0", GgmlType::Q5_0, 0.3f}};
    for (const auto& q : qs) {
        const GgufTensorInfo* ti = f->find_tensor(q.name);
        ASSERT_NE(ti, nullptr) << q.name;
        EXPECT_EQ(ti->type, static_cast<uint32_t>(q.type));
        EXPECT_EQ(ti->ne, (std::vector<int64_t>{64, 3}));
        const auto y = f->read_f32(*ti);
        const auto enc = GgufWriter::encode(x_q, q.type);
        const auto span = f->tensor_data(*ti);
        EXPECT_TRUE(std::equal(span.begin(), span.end(), enc.begin(), enc.end())) << q.name;
        std::vector<float> ref(x_q.size());
        ggml_type_traits(q.type)->to_float(enc.data(), ref.data(), static_cast<int64_t>(ref.size()));
        EXPECT_EQ(y, ref) << q.name;
        for (size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(y[i], x_q[i], q.tol) << q.name << " " << i;
    }
    const GgufTensorInfo* t4 = f->find_tensor("q5_1.4d");
    ASSERT_NE(t4, nullptr);
    EXPECT_EQ(t4->ne, (std::vector<int64_t>{32, 2, 3, 2}));
    EXPECT_EQ(t4->n_elements, 384);
    const auto y4 = f->read_f32(*t4);
    for (size_t i = 0; i < y4.size(); ++i) ASSERT_NEAR(y4[i], x_4d[i], 0.25f) << i;

    const auto y6 = f->read_f32(*f->find_tensor("q6_k"));
    ASSERT_EQ(y6.size(), 256u);
    for (float v : y6) ASSERT_EQ(v, 1.0f);

    // A listed type without a decoder opens fine but cannot be read as floats.
    const GgufTensorInfo* iq = f->find_tensor("iq2");
    ASSERT_NE(iq, nullptr);
    EXPECT_EQ(f->tensor_data(*iq).size(), 66u);
    try {
        f->read_f32(*iq);
        ADD_FAILURE() << "IQ2_XXS decoded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_EQ(std::string(e.what()), path + ": tensor 'iq2' has type IQ2_XXS, which cannot be dequantized");
    }
}

TEST(GgufRoundTrip, CustomAlignmentAndUnalignedBlocks) {
    TempDir dir;
    std::vector<float> x(96);
    for (int i = 0; i < 96; ++i) x[i] = static_cast<float>(i % 13) - 6.0f;
    for (uint32_t align : {1u, 8u, 64u, 4096u}) {
        GgufWriter w;
        if (align == 8) {
            w.set_value("general.alignment", {GgufValueType::U32, uint64_t{8}});  // e.g. copied metadata
        } else {
            w.set_alignment(align);
        }
        w.add_tensor_f32("odd", {3}, std::vector<float>{1, 2, 3});  // 12 bytes: misaligns what follows when align=1
        w.add_tensor_f32("q", {96}, x, GgmlType::Q8_0);
        w.add_tensor_f32("h", {5}, std::vector<float>{1, 2, 3, 4, 5}, GgmlType::F16);
        const std::string path = dir.file("align" + std::to_string(align) + ".gguf");
        w.write(path);
        auto f = GgufFile::open(path);
        EXPECT_EQ(f->alignment(), align);
        EXPECT_EQ(f->find("general.alignment")->type, GgufValueType::U32);
        for (const auto& t : f->tensors()) EXPECT_EQ(t.offset % align, 0u);
        EXPECT_EQ(f->data_offset() % align, 0u);
        if (align == 1) {
            EXPECT_EQ(f->find_tensor("q")->offset, 12u);
        }
        const auto enc = GgufWriter::encode(x, GgmlType::Q8_0);
        std::vector<float> ref(x.size());
        ggml_type_traits(GgmlType::Q8_0)->to_float(enc.data(), ref.data(), static_cast<int64_t>(x.size()));
        EXPECT_EQ(f->read_f32(*f->find_tensor("q")), ref);
        EXPECT_EQ(f->read_f32(*f->find_tensor("h")), (std::vector<float>{1, 2, 3, 4, 5}));
    }
}

TEST(GgufRoundTrip, Version2AndToBytesMatchWrite) {
    TempDir dir;
    GgufWriter w = small_writer();
    w.set_version(2);
    const std::string path = dir.file("v2.gguf");
    w.write(path);
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(disk, w.to_bytes());
    auto f = GgufFile::open(path);
    EXPECT_EQ(f->version(), 2u);
    EXPECT_EQ(f->tensors().size(), 3u);
    EXPECT_EQ(f->get_string("general.architecture"), "llama");
    EXPECT_EQ(f->file_size(), disk.size());
}

TEST(GgufWriter, SpilledDataGivesTheSameFileAndIsRemoved) {
    TempDir dir;
    std::vector<float> x(96);
    for (int i = 0; i < 96; ++i) x[i] = static_cast<float>(i % 13) - 6.0f;
    auto fill = [&](GgufWriter& w) {
        w.set_alignment(64);
        w.set_string("general.architecture", "llama");
        w.add_tensor_f32("odd", {3}, std::vector<float>{1, 2, 3});
        w.add_tensor_f32("q", {96}, x, GgmlType::Q8_0);
        w.add_tensor_f32("h", {5}, std::vector<float>{1, 2, 3, 4, 5}, GgmlType::F16);
    };
    GgufWriter in_memory;
    fill(in_memory);
    const std::string spill = dir.file("data.spill");
    {
        GgufWriter spilled;
        spilled.spill_to(spill);
        fill(spilled);
        EXPECT_TRUE(std::filesystem::exists(spill));
        EXPECT_EQ(spilled.bytes_in_memory(), 0u);  // the data is on disk only
        EXPECT_GT(in_memory.bytes_in_memory(), 0u);
        EXPECT_EQ(spilled.to_bytes(), in_memory.to_bytes());
        spilled.write(dir.file("spilled.gguf"));  // twice: the data is read back each time
        EXPECT_EQ(spilled.to_bytes(), in_memory.to_bytes());
        EXPECT_THROW(spilled.spill_to(dir.file("again")), Error);
        EXPECT_THROW(spilled.set_alignment(32), Error);
    }
    EXPECT_FALSE(std::filesystem::exists(spill));
    EXPECT_EQ(GgufFile::open(dir.file("spilled.gguf"))->read_f32(*GgufFile::open(dir.file("spilled.gguf"))->find_tensor("h")),
              (std::vector<float>{1, 2, 3, 4, 5}));
}

TEST(GgufWriter, AFullDiskWhileSpillingIsOneLine) {
    if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    // Through a link: the writer removes its spill file when it goes.
    TempDir dir;
    const std::string full = dir.file("full");
    std::filesystem::create_symlink("/dev/full", full);
    GgufWriter w;
    w.spill_to(full);
    try {
        // Larger than stdio's buffer, so the write itself fails.
        w.add_tensor_f32("big", {1 << 20}, std::vector<float>(1 << 20, 1.0f));
        ADD_FAILURE() << "a full disk was not noticed";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_EQ(std::string(e.what()).rfind(full + ": cannot write (", 0), 0u) << e.what();
    }
}

TEST(GgufWriter, RejectsMisuse) {
    GgufWriter w;
    auto expect_runtime = [](auto fn, const char* what) {
        try {
            fn();
            ADD_FAILURE() << what << " was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Runtime) << what;
        }
    };
    w.add_tensor_f32("t", {32}, std::vector<float>(32, 1.0f));
    expect_runtime([&] { w.add_tensor_f32("t", {32}, std::vector<float>(32, 1.0f)); }, "duplicate tensor");
    expect_runtime([&] { w.add_tensor("u", {32}, GgmlType::Q4_0, std::vector<uint8_t>(17)); }, "short raw bytes");
    expect_runtime([&] { w.add_tensor_f32("v", {33}, std::vector<float>(33), GgmlType::Q8_0); }, "partial block");
    expect_runtime([&] { w.add_tensor_f32("w", {4, 4}, std::vector<float>(15)); }, "wrong value count");
    expect_runtime([&] { w.add_tensor_f32("x", {256}, std::vector<float>(256), GgmlType::Q4_K); }, "no encoder");
    expect_runtime([&] { w.add_tensor_f32("y", {1, 1, 1, 1, 1}, std::vector<float>(1)); }, "five dims");
    expect_runtime([&] { w.set_alignment(48); }, "alignment 48");
    expect_runtime([&] { w.set_u32("general.alignment", 0); }, "alignment 0");
    expect_runtime([&] { w.set_version(4); }, "version 4");
    expect_runtime([&] { w.set_value("general.alignment", {GgufValueType::U64, uint64_t{64}}); }, "u64 alignment");
    expect_runtime([&] { w.set_value("s", {GgufValueType::STRING, uint64_t{1}}); }, "string holding a number");
    expect_runtime([&] { w.set_value("a", {GgufValueType::ARRAY, std::string("x")}); }, "array holding a string");
    expect_runtime([&] { w.set_value("t", {static_cast<GgufValueType>(13), uint64_t{1}}); }, "value type 13");
    EXPECT_EQ(w.tensor_count(), 1u);
}

TEST(GgufWriter, WriteFailureNamesThePath) {
    TempDir dir;
    const std::string path = dir.file("no/such/dir/out.gguf");
    try {
        small_writer().write(path);
        ADD_FAILURE() << "wrote into a missing directory";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot write", 0), 0u) << e.what();
    }
}

// ---------------------------------------------------------------- hostile files

class GgufHostile : public ::testing::Test {
protected:
    std::string put(const std::vector<uint8_t>& b) {
        const std::string p = dir_.file("hostile" + std::to_string(n_++) + ".gguf");
        write_bytes(p, b);
        return p;
    }
    TempDir dir_;
    int n_ = 0;
};

TEST_F(GgufHostile, MissingEmptyAndTinyFiles) {
    expect_bad(dir_.file("absent.gguf"), "cannot open");
    expect_bad(put({}), "not a GGUF file");
    expect_bad(put({'G', 'G', 'U'}), "not a GGUF file");
}

TEST_F(GgufHostile, BadMagic) {
    auto b = small_writer().to_bytes();
    b[0] = 'X';
    expect_bad(put(b), "not a GGUF file (magic 0x46554758");
}

TEST_F(GgufHostile, UnsupportedVersions) {
    auto b = small_writer().to_bytes();
    for (uint32_t v : {0u, 1u, 4u, 0xFFFFFFFFu}) {
        std::memcpy(b.data() + 4, &v, 4);
        expect_bad(put(b), "unsupported GGUF version " + std::to_string(v));
    }
    const uint32_t be = 0x03000000u;
    std::memcpy(b.data() + 4, &be, 4);
    expect_bad(put(b), "big-endian");
}

TEST_F(GgufHostile, EveryTruncatedPrefixFailsCleanly) {
    const auto b = small_writer().to_bytes();
    const std::string full = put(b);
    auto f = GgufFile::open(full);
    const auto& last = f->tensors().back();
    // Only the padding after the last tensor may be cut without losing data.
    const size_t needed = f->data_offset() + last.offset + last.nbytes;
    ASSERT_LT(needed, b.size() + 1);
    const std::string path = dir_.file("prefix.gguf");
    int rejected = 0;
    for (size_t n = 0; n < b.size(); ++n) {
        write_bytes(path, b, n);
        if (n < needed) {
            expect_bad(path, "");
            ++rejected;
            if (::testing::Test::HasFailure()) {
                ADD_FAILURE() << "prefix length " << n;
                return;
            }
        } else {
            EXPECT_NO_THROW(GgufFile::open(path)) << n;
        }
    }
    EXPECT_EQ(rejected, static_cast<int>(needed));
}

TEST_F(GgufHostile, HugeKeyLength) {
    Raw r;
    r.header(0, 1).u64(4000000000ull).zeros(300);
    expect_bad(put(r.b), "truncated header (metadata key 0 needs 4000000000 bytes, 300 left)");
}

TEST_F(GgufHostile, HugeStringValue) {
    Raw r;
    r.header(0, 1).str("general.name").u32(8).u64(1ull << 62).zeros(40);
    expect_bad(put(r.b), "metadata key 0 'general.name' needs 4611686018427387904 bytes, 40 left");
}

TEST_F(GgufHostile, HugeArrayCounts) {
    Raw r;
    r.header(0, 1).str("arr").u32(9).u32(4).u64(1ull << 62).zeros(64);
    expect_bad(put(r.b), "array of 4611686018427387904 u32 needs at least");
    Raw s;
    s.header(0, 1).str("tokenizer.ggml.tokens").u32(9).u32(8).u64(1ull << 40).zeros(64);
    expect_bad(put(s.b), "array of 1099511627776 string");
    Raw n;  // array of arrays: each element needs at least 12 bytes
    n.header(0, 1).str("nest").u32(9).u32(9).u64(100).zeros(64);
    expect_bad(put(n.b), "array of 100 array");
}

TEST_F(GgufHostile, DeepNesting) {
    Raw r;
    r.header(0, 1).str("deep").u32(9);
    for (int i = 0; i < 100; ++i) r.u32(9).u64(1);
    r.u32(4).u64(0);
    expect_bad(put(r.b), "nests arrays deeper than 8");
}

TEST_F(GgufHostile, UnknownValueTypes) {
    Raw r;
    r.header(0, 1).str("k").u32(13).u32(0);
    expect_bad(put(r.b), "metadata key 0 'k' has unknown value type 13");
    Raw a;
    a.header(0, 1).str("k").u32(9).u32(99).u64(0);
    expect_bad(put(a.b), "has arrays of unknown value type 99");
}

TEST_F(GgufHostile, HugeCounts) {
    Raw kv;
    kv.header(0, 1ull << 63).zeros(100);
    expect_bad(put(kv.b), "9223372036854775808 metadata entries");
    Raw t;
    t.header(1ull << 40, 0).zeros(100);
    expect_bad(put(t.b), "1099511627776 tensor infos");
    Raw both;  // small counts are still checked against the bytes left, not the file size
    both.header(4, 1).kv_u32("a", 1).zeros(40);
    expect_bad(put(both.b), "truncated header");
}

TEST_F(GgufHostile, DuplicateKey) {
    Raw r;
    r.header(0, 2).kv_u32("x", 1).kv_u32("x", 2);
    expect_bad(put(r.b), "duplicate metadata key 'x'");
}

TEST_F(GgufHostile, BadAlignment) {
    Raw r48;
    r48.header(0, 1).kv_u32("general.alignment", 48);
    expect_bad(put(r48.b), "general.alignment must be a u32 power of two (got 48)");
    Raw r0;
    r0.header(0, 1).kv_u32("general.alignment", 0);
    expect_bad(put(r0.b), "(got 0)");
    Raw r64;
    r64.header(0, 1).str("general.alignment").u32(10).u64(64);
    expect_bad(put(r64.b), "(got a u64)");
}

TEST_F(GgufHostile, DimensionCount) {
    expect_bad(put(one_tensor_file("t", {1, 1, 1, 1, 1, 1, 1}, 0, 0, 32)), "tensor 't' has 7 dimensions (1 to 4 supported)");
    expect_bad(put(one_tensor_file("t", {}, 0, 0, 32)), "tensor 't' has 0 dimensions");
}

TEST_F(GgufHostile, ShapeOverflow) {
    expect_bad(put(one_tensor_file("t", {1ull << 32, 1ull << 32, 1ull << 32}, 0, 0, 32)),
               "tensor 't' has an element count that overflows 64 bits");
    expect_bad(put(one_tensor_file("t", {(1ull << 63) + 5}, 0, 0, 32)), "tensor 't' has invalid dimension ne[0]");
    expect_bad(put(one_tensor_file("t", {1ull << 31, 1ull << 31}, 0, 0, 32)),
               "tensor 't' has a byte size that overflows 64 bits");
}

TEST_F(GgufHostile, DataOutsideTheFile) {
    expect_bad(put(one_tensor_file("t", {8}, 0, 1ull << 40, 32)), "tensor 't' data (offset 1099511627776");
    expect_bad(put(one_tensor_file("t", {8}, 0, 0, 31)), "lies past the end of the file");
    expect_bad(put(one_tensor_file("t", {8}, 0, UINT64_MAX - 31, 32)), "lies past the end of the file");
    // Exactly enough data is fine.
    auto f = GgufFile::open(put(one_tensor_file("t", {8}, 0, 0, 32)));
    EXPECT_EQ(f->read_f32(f->tensors()[0]), std::vector<float>(8, 0.0f));
}

TEST_F(GgufHostile, MisalignedOffset) {
    expect_bad(put(one_tensor_file("t", {8}, 0, 4, 64)), "tensor 't' has offset 4, not a multiple of the alignment 32");
}

TEST_F(GgufHostile, UnknownTensorType) {
    const std::string p = put(one_tensor_file("blk.0.attn_q.weight", {32}, 77, 0, 128));
    try {
        GgufFile::open(p);
        ADD_FAILURE() << "unknown type accepted";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), p + ": tensor 'blk.0.attn_q.weight' has unknown ggml type 77");
    }
    expect_bad(put(one_tensor_file("t", {32}, 4, 0, 128)), "has unknown ggml type 4");  // retired Q4_2
}

TEST_F(GgufHostile, RowNotWholeBlocks) {
    expect_bad(put(one_tensor_file("t", {33, 2}, 2, 0, 128)), "tensor 't' has ne[0] = 33, not a multiple of the Q4_0 block size 32");
}

TEST_F(GgufHostile, DuplicateTensorName) {
    Raw r;
    r.header(2, 0).tensor_info("w", {8}, 0, 0).tensor_info("w", {8}, 0, 32).pad_to(32).zeros(64);
    expect_bad(put(r.b), "duplicate tensor name 'w'");
}

TEST_F(GgufHostile, ControlCharactersStayOnOneLine) {
    expect_bad(put(one_tensor_file("evil\nname\r", {8}, 99, 0, 32)), "tensor 'evil\\x0aname\\x0d' has unknown ggml type 99");
    const std::string long_name(5000, 'n');
    expect_bad(put(one_tensor_file(long_name, {8}, 99, 0, 32)), "...' has unknown ggml type 99");
}

TEST_F(GgufHostile, RandomCorruptionNeverCrashes) {
    const auto good = small_writer().to_bytes();
    std::mt19937 rng(12345);
    std::uniform_int_distribution<size_t> pos(0, good.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255), flips(1, 4);
    const std::string path = dir_.file("fuzz.gguf");
    int opened = 0, rejected = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        auto b = good;
        const int k = flips(rng);
        for (int i = 0; i < k; ++i) {
            // Header bytes are where the interesting failures are; bias towards them.
            const size_t at = iter % 2 ? pos(rng) % std::min<size_t>(good.size(), 400) : pos(rng);
            b[at] = static_cast<uint8_t>(iter % 3 == 0 ? 0xFF : byte(rng));
        }
        write_bytes(path, b);
        try {
            auto f = GgufFile::open(path);
            ++opened;
            for (const auto& t : f->tensors()) {
                const GgmlTypeTraits* tr = ggml_type_traits(t.type);
                // Bounded by the file size, so reading is safe whatever the shape says.
                if (tr && tr->to_float && t.n_elements <= (1 << 20)) (void)f->read_f32(t);
            }
        } catch (const Error& e) {
            ++rejected;
            ASSERT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
            ASSERT_EQ(std::string(e.what()).find('\n'), std::string::npos);
        }
    }
    EXPECT_GT(rejected, 100);
    EXPECT_GT(opened, 100);  // flips in tensor data or string contents still open
}

// ---------------------------------------------------------------- tokenizer metadata

std::unique_ptr<GgufFile> reopen(const GgufWriter& w, const TempDir& dir, const std::string& name) {
    const std::string p = dir.file(name);
    w.write(p);
    return GgufFile::open(p);
}

TEST(GgufTokenizer, SentencePieceDefaults) {
    TempDir dir;
    GgufWriter w;
    w.set_string("tokenizer.ggml.model", "llama");
    w.set_array_strings("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "\xE2\x96\x81" "a", "<0x41>"});
    w.set_array_f32("tokenizer.ggml.scores", {0, 0, 0, -1.5f, -2});
    w.set_array_i32("tokenizer.ggml.token_type", {2, 3, 3, 1, 6});
    auto f = reopen(w, dir, "spm.gguf");
    const TokenizerSpec s = tokenizer_spec_from_gguf(*f);
    EXPECT_EQ(s.kind, TokenizerKind::SentencePiece);
    EXPECT_EQ(s.tokens.size(), 5u);
    EXPECT_EQ(s.tokens[3], "\xE2\x96\x81" "a");
    EXPECT_EQ(s.scores, (std::vector<float>{0, 0, 0, -1.5f, -2}));
    EXPECT_EQ(s.token_types, (std::vector<int32_t>{2, 3, 3, 1, 6}));
    EXPECT_EQ(s.bos_id, 1);
    EXPECT_EQ(s.eos_id, 2);
    EXPECT_EQ(s.unk_id, 0);
    EXPECT_EQ(s.pad_id, -1);
    EXPECT_TRUE(s.add_bos);
    EXPECT_FALSE(s.add_eos);
    EXPECT_TRUE(s.add_space_prefix);
    EXPECT_EQ(s.pre, "default");
    EXPECT_EQ(s.source, f->path());

    w.set_bool("tokenizer.ggml.add_bos_token", false);
    w.set_bool("tokenizer.ggml.add_eos_token", true);
    w.set_bool("tokenizer.ggml.add_space_prefix", false);
    w.set_u32("tokenizer.ggml.bos_token_id", 4);
    w.set_u32("tokenizer.ggml.eos_token_id", 99);  // out of range: ignored, default kept
    w.set_i32("tokenizer.ggml.padding_token_id", 0);
    const TokenizerSpec o = tokenizer_spec_from_gguf(*reopen(w, dir, "spm2.gguf"));
    EXPECT_FALSE(o.add_bos);
    EXPECT_TRUE(o.add_eos);
    EXPECT_FALSE(o.add_space_prefix);
    EXPECT_EQ(o.bos_id, 4);
    EXPECT_EQ(o.eos_id, 2);
    EXPECT_EQ(o.pad_id, 0);
}

TEST(GgufTokenizer, ByteLevelBpe) {
    TempDir dir;
    GgufWriter w;
    w.set_string("tokenizer.ggml.model", "gpt2");
    w.set_string("tokenizer.ggml.pre", "smollm");
    w.set_array_strings("tokenizer.ggml.tokens", {"<|endoftext|>", "a", "b", "ab"});
    w.set_array_strings("tokenizer.ggml.merges", {"a b"});
    w.set_u32("tokenizer.ggml.eos_token_id", 0);
    const TokenizerSpec s = tokenizer_spec_from_gguf(*reopen(w, dir, "bpe.gguf"));
    EXPECT_EQ(s.kind, TokenizerKind::ByteLevelBpe);
    EXPECT_EQ(s.pre, "smollm");
    EXPECT_EQ(s.merges, std::vector<std::string>{"a b"});
    EXPECT_TRUE(s.scores.empty());
    EXPECT_TRUE(s.token_types.empty());
    EXPECT_EQ(s.bos_id, -1);
    EXPECT_EQ(s.eos_id, 0);
    EXPECT_FALSE(s.add_bos);
    EXPECT_FALSE(s.add_space_prefix);
    EXPECT_FALSE(s.ignore_merges);
    EXPECT_FALSE(s.nfc);

    w.set_string("tokenizer.ggml.pre", "llama-bpe");
    const TokenizerSpec l3 = tokenizer_spec_from_gguf(*reopen(w, dir, "l3.gguf"));
    EXPECT_TRUE(l3.add_bos);
    EXPECT_TRUE(l3.ignore_merges);
    w.set_bool("tokenizer.ggml.add_bos_token", false);
    EXPECT_FALSE(tokenizer_spec_from_gguf(*reopen(w, dir, "l3b.gguf")).add_bos);

    w.set_string("tokenizer.ggml.pre", "qwen2");
    EXPECT_TRUE(tokenizer_spec_from_gguf(*reopen(w, dir, "qwen.gguf")).nfc);
}

TEST(GgufTokenizer, NoTokenizer) {
    TempDir dir;
    GgufWriter w;
    w.set_string("general.architecture", "llama");
    auto f = reopen(w, dir, "none.gguf");
    const TokenizerSpec s = tokenizer_spec_from_gguf(*f);
    EXPECT_EQ(s.kind, TokenizerKind::None);
    EXPECT_TRUE(s.tokens.empty());
    EXPECT_EQ(s.source, f->path());
}

TEST(GgufTokenizer, RejectsBrokenMetadata) {
    TempDir dir;
    auto expect_tok_bad = [&](const GgufWriter& w, const std::string& needle) {
        auto f = reopen(w, dir, "tok.gguf");
        try {
            tokenizer_spec_from_gguf(*f);
            ADD_FAILURE() << "accepted; expected " << needle;
        } catch (const Error& e) {
            const std::string m = e.what();
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            EXPECT_EQ(m.rfind(f->path() + ": ", 0), 0u) << m;
            EXPECT_NE(m.find(needle), std::string::npos) << m;
        }
    };
    GgufWriter base;
    base.set_string("tokenizer.ggml.model", "gpt2");
    base.set_array_strings("tokenizer.ggml.tokens", {"a", "b"});
    base.set_array_strings("tokenizer.ggml.merges", {"a b"});
    {
        GgufWriter w = base;
        w.set_string("tokenizer.ggml.model", "bert");
        expect_tok_bad(w, "unsupported tokenizer model 'bert'");
    }
    {
        GgufWriter w = base;
        w.remove("tokenizer.ggml.merges");
        expect_tok_bad(w, "tokenizer.ggml.merges is missing");
    }
    {
        GgufWriter w = base;
        w.set_array_i32("tokenizer.ggml.tokens", {1, 2});
        expect_tok_bad(w, "tokenizer.ggml.tokens must be an array of string");
    }
    {
        GgufWriter w = base;
        w.set_array_f32("tokenizer.ggml.scores", {1.0f});
        expect_tok_bad(w, "tokenizer.ggml.scores has 1 entries but tokenizer.ggml.tokens has 2");
    }
    {
        GgufWriter w = base;
        w.set_array_f32("tokenizer.ggml.token_type", {1.0f, 1.0f});
        expect_tok_bad(w, "tokenizer.ggml.token_type has elements of type f32");
    }
    {
        GgufWriter w = base;
        w.set_u32("tokenizer.ggml.model", 2);
        expect_tok_bad(w, "tokenizer.ggml.model must be a string");
    }
}

// ---------------------------------------------------------------- the real model

std::string smollm_path() {
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + "/.cache/rotoscope/models/SmolLM2-135M-Instruct.Q4_1.gguf";
}

class SmolLm2Gguf : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (fs::exists(smollm_path())) file_ = GgufFile::open(smollm_path()).release();
    }
    static void TearDownTestSuite() {
        delete file_;
        file_ = nullptr;
    }
    void SetUp() override {
        ASSERT_NE(file_, nullptr) << "model file " << smollm_path()
                                  << " is missing: run scripts/fetch-model.sh to download it";
    }
    static const GgufFile* file_;
};
const GgufFile* SmolLm2Gguf::file_ = nullptr;

TEST_F(SmolLm2Gguf, HeaderAndMetadata) {
    const GgufFile& f = *file_;
    EXPECT_EQ(f.version(), 3u);
    EXPECT_EQ(f.alignment(), 32u);
    EXPECT_EQ(f.data_offset(), 1785664u);
    EXPECT_EQ(f.metadata().size(), 33u);
    EXPECT_EQ(f.get_string("general.architecture"), "llama");
    EXPECT_EQ(f.get_int("llama.block_count"), 30);
    EXPECT_EQ(f.get_int("llama.embedding_length"), 576);
    EXPECT_EQ(f.get_int("llama.feed_forward_length"), 1536);
    EXPECT_EQ(f.get_int("llama.attention.head_count"), 9);
    EXPECT_EQ(f.get_int("llama.attention.head_count_kv"), 3);
    EXPECT_EQ(f.get_int("llama.context_length"), 8192);
    EXPECT_EQ(f.get_float("llama.rope.freq_base"), 100000.0);
    EXPECT_EQ(f.get_float("llama.attention.layer_norm_rms_epsilon"), static_cast<double>(1e-5f));
    EXPECT_EQ(f.get_int("general.file_type"), 3);
    EXPECT_EQ(f.find("llama.block_count")->type, GgufValueType::U32);
    const GgufArray* langs = f.get_array("general.languages");
    ASSERT_NE(langs, nullptr);
    EXPECT_EQ(langs->strings, std::vector<std::string>{"en"});
    EXPECT_EQ(f.metadata_keys().front(), "general.architecture");
    EXPECT_EQ(f.metadata_keys().back(), "general.quantization_version");

    ASSERT_EQ(f.tensors().size(), 272u);
    std::map<std::string, int> counts;
    int64_t params = 0;
    for (const auto& t : f.tensors()) {
        counts[ggml_type_name(t.type)]++;
        params += t.n_elements;
    }
    EXPECT_EQ(counts, (std::map<std::string, int>{{"Q4_1", 210}, {"F32", 61}, {"Q8_0", 1}}));
    EXPECT_EQ(params, 134515008);
    const GgufTensorInfo* emb = f.find_tensor("token_embd.weight");
    ASSERT_NE(emb, nullptr);
    EXPECT_EQ(emb->ne, (std::vector<int64_t>{576, 49152}));
    EXPECT_EQ(emb->type, static_cast<uint32_t>(GgmlType::Q8_0));
    EXPECT_EQ(emb->offset, 0u);
    EXPECT_EQ(emb->nbytes, 30081024u);
}

TEST_F(SmolLm2Gguf, Tokenizer) {
    const TokenizerSpec s = tokenizer_spec_from_gguf(*file_);
    EXPECT_EQ(s.kind, TokenizerKind::ByteLevelBpe);
    EXPECT_EQ(s.pre, "smollm");
    ASSERT_EQ(s.tokens.size(), 49152u);
    EXPECT_EQ(s.merges.size(), 48900u);
    EXPECT_EQ(s.token_types.size(), 49152u);
    EXPECT_TRUE(s.scores.empty());
    EXPECT_EQ(s.tokens[0], "<|endoftext|>");
    EXPECT_EQ(s.tokens[1], "<|im_start|>");
    EXPECT_EQ(s.tokens[2], "<|im_end|>");
    EXPECT_EQ(s.tokens[49151], "ectable");
    EXPECT_EQ(s.merges[0], "\xC4\xA0 t");  // "Ġ t"
    EXPECT_EQ(s.merges[1], "\xC4\xA0 a");
    EXPECT_EQ(s.token_types[0], 3);
    EXPECT_EQ(s.token_types[49151], 1);
    EXPECT_EQ(std::count(s.token_types.begin(), s.token_types.end(), 3), 17);
    EXPECT_EQ(s.bos_id, 1);
    EXPECT_EQ(s.eos_id, 2);
    EXPECT_EQ(s.unk_id, 0);
    EXPECT_EQ(s.pad_id, 2);
    EXPECT_FALSE(s.add_bos);
    EXPECT_FALSE(s.add_eos);
    EXPECT_FALSE(s.add_space_prefix);
    EXPECT_EQ(s.source, smollm_path());
}

// Reference values from gguf-py 0.x: GGUFReader(path) + gguf.quants.dequantize(t.data, t.tensor_type).
TEST_F(SmolLm2Gguf, DequantizedValuesMatchGgufPy) {
    const GgufFile& f = *file_;
    const auto emb = f.read_f32(*f.find_tensor("token_embd.weight"));  // Q8_0, [49152][576]
    ASSERT_EQ(emb.size(), 576u * 49152u);
    auto at = [&](size_t row, size_t col) { return emb[row * 576 + col]; };
    EXPECT_EQ(at(0, 0), -0.10654449462890625f);
    EXPECT_EQ(at(0, 1), 0.032978057861328125f);
    EXPECT_EQ(at(0, 2), 0.048198699951171875f);
    EXPECT_EQ(at(0, 31), -0.20040512084960938f);
    EXPECT_EQ(at(0, 32), -0.09348678588867188f);
    EXPECT_EQ(at(0, 575), 0.029754638671875f);
    EXPECT_EQ(at(1000, 0), -0.1119384765625f);
    EXPECT_EQ(at(1000, 1), -0.0739593505859375f);
    EXPECT_EQ(at(1000, 100), 0.0642242431640625f);
    EXPECT_EQ(at(1000, 575), 0.11810302734375f);
    EXPECT_EQ(at(12345, 300), -0.10790634155273438f);
    EXPECT_EQ(at(49151, 0), 0.011505126953125f);
    EXPECT_EQ(at(49151, 575), -0.0417022705078125f);

    const auto q = f.read_f32(*f.find_tensor("blk.0.attn_q.weight"));  // Q4_1, [576][576]
    ASSERT_EQ(q.size(), 576u * 576u);
    EXPECT_EQ(q[0], -0.0963134765625f);
    EXPECT_EQ(q[1], 0.1573486328125f);
    EXPECT_EQ(q[17], 0.2841796875f);
    EXPECT_EQ(q[575], 0.12353515625f);
    EXPECT_EQ(q[576], -0.1173095703125f);
    EXPECT_EQ(q[100000], -0.12225341796875f);
    EXPECT_EQ(q[576 * 576 - 1], -0.255859375f);

    const auto norm = f.read_f32(*f.find_tensor("output_norm.weight"));  // F32
    ASSERT_EQ(norm.size(), 576u);
    EXPECT_EQ(norm[0], 1.7578125f);
    EXPECT_EQ(norm[1], 1.8203125f);
    EXPECT_EQ(norm[2], 1.78125f);
}

TEST_F(SmolLm2Gguf, WholeModelDequantizesQuickly) {
    const GgufFile& f = *file_;
    const auto t0 = std::chrono::steady_clock::now();
    int64_t n = 0, bad = 0;
    std::vector<float> buf;
    for (const auto& t : f.tensors()) {
        buf.resize(static_cast<size_t>(t.n_elements));
        f.read_f32_into(t, buf.data());
        for (float v : buf) bad += !std::isfinite(v);
        n += t.n_elements;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    RecordProperty("dequant_seconds", std::to_string(s));
    EXPECT_EQ(n, 134515008);
    EXPECT_EQ(bad, 0);
    // ~135M elements; a regression to per-element overhead would take far longer.
    EXPECT_LT(s, 20.0) << "dequantizing the whole model took " << s << " s";
}

}  // namespace
}  // namespace rs
