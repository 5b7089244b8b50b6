// Exports (export/, pipeline/export_model.h) checked without the runtimes they are meant for: the
// packings against hand-packed bits, the ggml blocks against ggml's own dequantizers, every export
// read back (plain safetensors and GGUF with Rotoscope's readers, compressed-tensors with an
// unpacker written here from the library's documentation) to the weights of the same recipe run in
// memory, the refusals, and the atomic replacement of the output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "export/ct_export.h"
#include "export/gguf_export.h"
#include "io/gguf.h"
#include "io/safetensors.h"
#include "model/loader.h"
#include "model/roles.h"
#include "pipeline/export_model.h"
#include "pipeline/weight_methods.h"
#include "quant/act_quant.h"
#include "quant/minifloat.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"
#include "runtime/forward.h"
#include "runtime/rope.h"
#include "support/expect_bad_input.h"
#include "support/model_logits.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"
#include "support/tiny_spm.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/hf_tokenizer_writer.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

using json = nlohmann::json;
using testing::TempDir;

// ---------------------------------------------------------------- packings

TEST(CtPack, FourBitsLowNibbleFirst) {
    const std::vector<uint32_t> v{0, 1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(ct_pack_rows(v, 1, 9, 4), (std::vector<int32_t>{0x76543210, 0x8}));
}

TEST(CtPack, EightBitsAndRows) {
    const std::vector<uint32_t> v{1, 2, 3, 4, 5, 0xFF, 0, 0, 0, 0x80};
    EXPECT_EQ(ct_pack_rows(v, 2, 5, 8), (std::vector<int32_t>{0x04030201, 5, 0xFF, static_cast<int32_t>(0x80)}));
}

TEST(CtPack, ThreeBitsCrossWordBoundaries) {
    // Eleven 3-bit sevens fill 33 bits: the eleventh straddles words 0 and 1.
    EXPECT_EQ(ct_pack_rows(std::vector<uint32_t>(11, 7), 1, 11, 3), (std::vector<int32_t>{-1, 1}));
    // Element 10 alone (bits 30..32): its low two bits at the top of word 0, the third in word 1.
    std::vector<uint32_t> one(11, 0);
    one[10] = 5;  // 0b101
    EXPECT_EQ(ct_pack_rows(one, 1, 11, 3), (std::vector<int32_t>{0x40000000, 1}));
}

TEST(CtPack, Fp4PairsEvenElementInLowNibble) {
    const int32_t codes[] = {1, 2, 0xF, 0x8};
    EXPECT_EQ(pack_fp4_pairs(codes, 4), (std::vector<uint8_t>{0x21, 0x8F}));
}

QuantizedWeight row_of_32(quant::FormatSpec spec, std::vector<int32_t> codes, float scale) {
    QuantizedWeight q;
    q.spec = spec;
    q.rows = 1;
    q.cols = 32;
    q.group = 32;
    q.codes = std::move(codes);
    q.scales = {scale};
    return q;
}

std::vector<float> ggml_values(GgmlType t, const std::vector<uint8_t>& bytes) {
    std::vector<float> out(32);
    ggml_type_traits(t)->to_float(bytes.data(), out.data(), 32);
    return out;
}

TEST(GgmlBlocks, Q4_0HoldsSymmetricInt4Codes) {
    std::vector<int32_t> codes(32);
    for (int j = 0; j < 32; ++j) codes[j] = j % 16 - 8;
    const QuantizedWeight q = row_of_32(quant::parse_format_spec("int4:ct:g32"), codes, 0.375f);
    const std::vector<uint8_t> b = ggml_blocks(q, GgmlType::Q4_0);
    ASSERT_EQ(b.size(), sizeof(block_q4_0));
    EXPECT_EQ(b[2], 0x00);  // elements 0 and 16: codes -8 and -8, stored 0 and 0
    EXPECT_EQ(b[3], 0x11);
    const std::vector<float> v = ggml_values(GgmlType::Q4_0, b);
    for (int j = 0; j < 32; ++j) EXPECT_EQ(v[j], static_cast<float>(codes[j]) * 0.375f) << j;
}

TEST(GgmlBlocks, Q4_1HoldsAsymmetricCodesAsMinPlusSteps) {
    std::vector<int32_t> codes(32);
    for (int j = 0; j < 32; ++j) codes[j] = (j * 7) % 16;
    QuantizedWeight q = row_of_32(quant::parse_format_spec("int4:asym:g32"), codes, 0.25f);
    q.zero_points = {3};
    const std::vector<float> v = ggml_values(GgmlType::Q4_1, ggml_blocks(q, GgmlType::Q4_1));
    for (int j = 0; j < 32; ++j) EXPECT_EQ(v[j], static_cast<float>(codes[j] - 3) * 0.25f) << j;
}

TEST(GgmlBlocks, Q8_0AndFp16ScaleRounding) {
    std::vector<int32_t> codes(32);
    for (int j = 0; j < 32; ++j) codes[j] = j * 8 - 127;
    const float scale = 0.01f;  // not an fp16 value: ggml stores its fp16 rounding
    const QuantizedWeight q = row_of_32(quant::parse_format_spec("int8:g32"), codes, scale);
    const std::vector<float> v = ggml_values(GgmlType::Q8_0, ggml_blocks(q, GgmlType::Q8_0));
    const float d = fp16_to_fp32(fp32_to_fp16(scale));
    EXPECT_NE(d, scale);
    for (int j = 0; j < 32; ++j) EXPECT_EQ(v[j], static_cast<float>(codes[j]) * d) << j;
}

TEST(GgmlBlocks, Mxfp4CodesAndScaleByteExactly) {
    std::vector<int32_t> codes(32);
    for (int j = 0; j < 32; ++j) codes[j] = (j * 5) % 16;
    QuantizedWeight q = row_of_32(quant::parse_format_spec("mxfp4"), codes, 4.0f);
    q.scale_bytes = {129};  // 2^(129 - 127) = 4
    const std::vector<float> v = ggml_values(GgmlType::MXFP4, ggml_blocks(q, GgmlType::MXFP4));
    for (int j = 0; j < 32; ++j) {
        const float e2m1 = static_cast<float>(quant::minifloat_decode(quant::Minifloat::E2M1, static_cast<uint8_t>(codes[j])));
        EXPECT_EQ(v[j], e2m1 * 4.0f) << j;
    }
}

TEST(CtTransform, HadamardKindsMapToTheLibrarysTypes) {
    auto t = ct_r4_transform(parse_rotation("block:64"), 1536);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->type, "hadamard");
    EXPECT_EQ(t->order, 64);
    EXPECT_EQ(t->head_dim, 64);
    t = ct_r4_transform(parse_rotation("hadamard"), 1024);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->type, "hadamard");
    EXPECT_EQ(t->head_dim, 0);
    // 1536 = 12·128 has no Sylvester matrix; a random sign flip is not Sylvester's either.
    t = ct_r4_transform(parse_rotation("hadamard"), 1536);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->type, "random-hadamard");
    EXPECT_EQ(t->order, 1536);
    EXPECT_EQ(ct_r4_transform(parse_rotation("rhadamard:seed=1"), 1024)->type, "random-hadamard");
    EXPECT_FALSE(ct_r4_transform(parse_rotation("orthogonal:seed=1"), 1024));
}

TEST(CtTransform, StoredMatricesAreTheUnnormalizedHadamards) {
    // Sylvester's H4, as compressed-tensors' deterministic_hadamard_matrix builds it.
    const RotationSpec block4 = parse_rotation("block:4");
    EXPECT_EQ(ct_transform_matrix(*ct_r4_transform(block4, 64), block4),
              (std::vector<float>{1, 1, 1, 1, 1, -1, 1, -1, 1, 1, -1, -1, 1, -1, -1, 1}));
    const RotationSpec h = parse_rotation("hadamard");
    EXPECT_NO_THROW(ct_transform_matrix(*ct_r4_transform(h, 1024), h));  // checked against Sylvester's sign rule
    for (const char* kind : {"rhadamard:seed=4", "hadamard"}) {
        const RotationSpec spec = parse_rotation(kind);
        const std::vector<float> m = ct_transform_matrix(*ct_r4_transform(spec, 96), spec);
        const Eigen::Map<const Eigen::Matrix<float, 96, 96, Eigen::RowMajor>> mm(m.data());
        EXPECT_EQ(mm.cwiseAbs().minCoeff(), 1.0f) << kind;
        EXPECT_EQ(mm.cwiseAbs().maxCoeff(), 1.0f) << kind;
        EXPECT_TRUE((mm * mm.transpose()).isApprox(96.0f * Eigen::Matrix<float, 96, 96>::Identity())) << kind;
    }
    // Built a slice of rows at a time with the fast transform: the same matrix as the dense Q
    // times sqrt(m), across a slice boundary (384 = 256 + 128 rows).
    const RotationSpec r = parse_rotation("rhadamard:seed=9");
    const std::vector<float> fast = ct_transform_matrix(*ct_r4_transform(r, 384), r);
    const Eigen::MatrixXd dense = (rotation_matrix(r, 384) * std::sqrt(384.0)).array().round();
    ASSERT_EQ(fast.size(), static_cast<size_t>(384 * 384));
    for (int64_t i = 0; i < 384; ++i)
        for (int64_t j = 0; j < 384; ++j) ASSERT_EQ(fast[static_cast<size_t>(i * 384 + j)], dense(i, j)) << i << "," << j;
}

// ---------------------------------------------------------------- exports of a tiny model

class ExportTest : public ::testing::Test {
protected:
    void SetUp() override {
        ModelConfig c = testing::tiny_config(Arch::Llama);
        c.d_model = 64;
        c.head_dim = 16;
        c.d_ff = 128;
        testing::write_tiny_gguf(model_, c, 11);
        testing::write_tiny_corpus(corpus_);
    }

    ExportRequest request(const std::string& recipe_json, ExportTarget target, const std::string& out,
                          ExportDtype dtype = ExportDtype::F32) const {
        ExportRequest r;
        r.model = model_;
        r.recipe = recipe_from_json(json::parse(recipe_json), "test recipe");
        r.options.target = target;
        r.options.dtype = dtype;
        r.out = out;
        r.gptq_calibration = {corpus_, 4, 32, 0};
        return r;
    }

    // The recipe's quantized model computed in memory by the model engine.
    Model in_memory(const std::string& recipe_json) const {
        const Recipe r = recipe_from_json(json::parse(recipe_json), "test recipe");
        Model m = load_model(model_);
        if (r.rotation.any()) m = fuse_rotations(m, r.rotation);
        if (r.weights) m = quantize_weights_rtn(m, *r.weights);
        return m;
    }

    TempDir dir_{"rotoscope-export"};
    std::string model_ = dir_.file("tiny.gguf");
    std::string corpus_ = dir_.file("corpus.txt");
};

void expect_same_weights(const Model& got, const Model& want, double tol = 0.0) {
    ASSERT_EQ(got.layers.size(), want.layers.size());
    auto same = [&](const auto& a, const auto& b, const std::string& what) {
        ASSERT_EQ(a.size(), b.size()) << what;
        const double d = a.size() ? (a - b).cwiseAbs().maxCoeff() : 0.0;
        const double s = a.size() ? b.cwiseAbs().maxCoeff() : 0.0;
        EXPECT_LE(d, tol * s) << what;
    };
    same(got.tok_embd, want.tok_embd, "embedding");
    same(got.lm_head.w, want.lm_head.w, "lm_head");
    same(got.out_norm, want.out_norm, "output norm");
    for (size_t l = 0; l < got.layers.size(); ++l) {
        for (const RoleTraits& r : kLayerRoles)
            same((got.layers[l].*r.linear).w, (want.layers[l].*r.linear).w, "layer " + std::to_string(l) + " " + r.name);
        same(got.layers[l].attn_norm, want.layers[l].attn_norm, "attn_norm");
        same(got.layers[l].ffn_norm, want.layers[l].ffn_norm, "ffn_norm");
    }
}

constexpr const char* kRotatedInt4 =
    R"({"name": "rh-int4-g16", "rotation": {"r1": "rhadamard:seed=3", "r2": "hadamard"}, "w": "int4:g16"})";

TEST_F(ExportTest, PlainSafetensorsReadsBackToTheRecipesWeights) {
    const std::string out = dir_.file("hf");
    const ExportResult res = run_export(request(kRotatedInt4, ExportTarget::Hf, out));
    EXPECT_TRUE(res.verdict.ok());
    for (const char* f : {"model.safetensors", "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                          "rotoscope_export.json"})
        EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / f)) << f;
    const json cfg = json::parse(std::ifstream(std::filesystem::path(out) / "config.json"));
    EXPECT_EQ(cfg["architectures"][0], "LlamaForCausalLM");
    EXPECT_EQ(cfg["tie_word_embeddings"], false);  // the folded output norm unties the head
    EXPECT_EQ(cfg["torch_dtype"], "float32");
    const Model got = load_model(out);
    EXPECT_FALSE(got.cfg.tied_embeddings);
    expect_same_weights(got, in_memory(kRotatedInt4));
    // The tokenizer reads back to the same ids.
    const auto a = make_tokenizer(got.tokenizer), b = make_tokenizer(load_model(model_).tokenizer);
    const std::string text = "the cat sat on the mat 12. the end";
    EXPECT_EQ(a->encode(text, true, false), b->encode(text, true, false));
}

TEST_F(ExportTest, UnrotatedTiedModelStaysTiedAndShardsAboveTheLimit) {
    const std::string out = dir_.file("hf-sharded");
    ExportRequest r = request(R"({"w": "int8"})", ExportTarget::Hf, out);
    r.options.max_shard_bytes = 20000;
    run_export(r);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(out) / "model.safetensors"));
    const json index = json::parse(std::ifstream(std::filesystem::path(out) / "model.safetensors.index.json"));
    EXPECT_GT(index["weight_map"].size(), 10u);
    EXPECT_FALSE(index["weight_map"].contains("lm_head.weight"));  // tied: not stored twice
    const Model got = load_model(out);
    EXPECT_TRUE(got.cfg.tied_embeddings);
    expect_same_weights(got, in_memory(R"({"w": "int8"})"));
    // The shards' data waited on disk while they filled; none of it is left behind.
    for (const auto& e : std::filesystem::directory_iterator(out))
        EXPECT_NE(e.path().filename().string().front(), '.') << e.path();
    for (const auto& e : std::filesystem::directory_iterator(dir_.path()))
        EXPECT_EQ(e.path().filename().string().find(".data"), std::string::npos) << e.path();
}

TEST_F(ExportTest, GgufFloatExportReadsBackExactly) {
    const std::string out = dir_.file("rot.gguf");
    const std::string recipe = R"({"rotation": {"r1": "rhadamard:seed=1", "r2": "hadamard"}})";
    // The tensor data waits beside the file while it is made (one tensor in memory at a time).
    bool spilled = false;
    Progress p;
    p.report = [&](const ProgressStep& s) {
        if (s.stage != Stage::Exporting || s.done != 1) return;
        for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
            const std::string name = e.path().filename().string();
            spilled = spilled || (name.ends_with(".data") && e.file_size() > 0);
        }
    };
    run_export(request(recipe, ExportTarget::Gguf, out), p);
    EXPECT_TRUE(spilled);
    // Q/K rows were permuted to llama.cpp's layout and are permuted back on reading.
    expect_same_weights(load_model(out), in_memory(recipe));
    for (const auto& e : std::filesystem::directory_iterator(dir_.path()))
        EXPECT_EQ(e.path().filename().string().find(".data"), std::string::npos) << e.path();
}

TEST_F(ExportTest, GgufMxfp4KeepsCodesAndScalesExactly) {
    const std::string out = dir_.file("mx.gguf");
    const std::string recipe = R"({"rotation": {"r1": "block32"}, "w": "mxfp4"})";
    run_export(request(recipe, ExportTarget::Gguf, out, ExportDtype::F16));
    const auto f = GgufFile::open(out);
    EXPECT_EQ(f->find_tensor("blk.0.attn_q.weight")->type, static_cast<uint32_t>(GgmlType::MXFP4));
    EXPECT_EQ(f->find_tensor("blk.1.ffn_down.weight")->type, static_cast<uint32_t>(GgmlType::MXFP4));
    EXPECT_EQ(f->find_tensor("token_embd.weight")->type, static_cast<uint32_t>(GgmlType::F16));
    EXPECT_EQ(f->find_tensor("blk.0.attn_norm.weight")->type, static_cast<uint32_t>(GgmlType::F32));
    const Model got = load_model(out), want = in_memory(recipe);
    for (size_t l = 0; l < want.layers.size(); ++l)
        for (const RoleTraits& r : kLayerRoles)
            EXPECT_EQ((got.layers[l].*r.linear).w, (want.layers[l].*r.linear).w) << l << " " << r.name;
}

TEST_F(ExportTest, GgufQ4_0RoundsOnlyTheScalesToFp16) {
    const std::string out = dir_.file("q4.gguf");
    const std::string recipe = R"({"w": "int4:g32"})";
    const ExportResult res = run_export(request(recipe, ExportTarget::Gguf, out));
    ASSERT_FALSE(res.verdict.notes.empty());
    EXPECT_NE(res.verdict.notes[0].find("Q4_0"), std::string::npos);
    const auto f = GgufFile::open(out);
    EXPECT_EQ(f->find_tensor("blk.0.ffn_up.weight")->type, static_cast<uint32_t>(GgmlType::Q4_0));
    expect_same_weights(load_model(out), in_memory(recipe), 1e-3);  // fp16 scales: 2^-11 relative
}

// compressed-tensors' packed INT weights decoded by the library's documented rules.
std::vector<float> decode_ct_int(const SafetensorsModel& st, const std::string& prefix, int bits, bool symmetric) {
    int64_t shape[2];
    std::memcpy(shape, st.raw(prefix + ".weight_shape").data(), sizeof shape);
    const int64_t n = shape[0], k = shape[1];
    const auto packed = st.raw(prefix + ".weight_packed");
    const auto scales = st.raw(prefix + ".weight_scale");
    const int64_t groups = static_cast<int64_t>(scales.size() / 4) / n;
    const int64_t words = (k * bits + 31) / 32, zwords = (n * bits + 31) / 32;
    auto bits_at = [&](std::span<const uint8_t> buf, int64_t word0, int64_t i) {
        uint64_t lo = 0;
        const int64_t bit = i * bits;
        std::memcpy(&lo, buf.data() + (word0 + bit / 32) * 4, 4);
        uint64_t hi = 0;
        if ((bit % 32) + bits > 32) std::memcpy(&hi, buf.data() + (word0 + bit / 32 + 1) * 4, 4);
        return static_cast<int32_t>(((lo | (hi << 32)) >> (bit % 32)) & ((1u << bits) - 1));
    };
    std::vector<float> out(static_cast<size_t>(n * k));
    std::span<const uint8_t> zp;
    if (!symmetric) zp = st.raw(prefix + ".weight_zero_point");
    for (int64_t r = 0; r < n; ++r)
        for (int64_t c = 0; c < k; ++c) {
            const int64_t g = c / (k / groups);
            float s;
            std::memcpy(&s, scales.data() + (r * groups + g) * 4, 4);
            const int32_t q = bits_at(packed, r * words, c) - (1 << (bits - 1));
            int32_t z = 0;
            if (!symmetric) {
                // Packed down each column: column g's bit stream runs over the rows.
                std::vector<uint8_t> col(static_cast<size_t>(zwords * 4));
                for (int64_t w = 0; w < zwords; ++w) std::memcpy(col.data() + w * 4, zp.data() + (w * groups + g) * 4, 4);
                z = bits_at(col, 0, r) - (1 << (bits - 1));
            }
            out[static_cast<size_t>(r * k + c)] = static_cast<float>(q - z) * s;
        }
    return out;
}

void expect_ct_matches_plain(const std::string& ct_dir, const std::string& hf_dir, int bits, bool symmetric, const ModelConfig& c) {
    const auto ct = SafetensorsModel::open_dir(ct_dir);
    const auto hf = SafetensorsModel::open_dir(hf_dir);
    for (int l = 0; l < c.n_layers; ++l)
        for (Slot s : {Slot::Q, Slot::K, Slot::V, Slot::O, Slot::Gate, Slot::Up, Slot::Down}) {
            const std::string name = tensor_name(NameScheme::HuggingFace, s, l);
            const std::string prefix = name.substr(0, name.size() - 7);
            EXPECT_EQ(ct->find(name), nullptr) << name;
            const std::vector<float> got = decode_ct_int(*ct, prefix, bits, symmetric);
            const StTensorInfo* t = hf->find(name);
            ASSERT_NE(t, nullptr) << name;
            std::vector<float> want(got.size());
            hf->shard_of(*t).read_f32_into(*t, want.data());
            EXPECT_EQ(got, want) << name;
        }
}

TEST_F(ExportTest, CompressedTensorsIntDecodesToTheDequantizedWeights) {
    for (const char* recipe : {R"({"rotation": {"r1": "rhadamard:seed=2"}, "w": "int4:asym:g16"})",
                               R"({"w": "int3:g32"})", R"({"w": "int8"})"}) {
        SCOPED_TRACE(recipe);
        const std::string ct = dir_.file("ct"), hf = dir_.file("hf");
        run_export(request(recipe, ExportTarget::CompressedTensors, ct));
        run_export(request(recipe, ExportTarget::Hf, hf));
        const Recipe r = recipe_from_json(json::parse(recipe), "r");
        const json qc = json::parse(std::ifstream(std::filesystem::path(ct) / "config.json"))["quantization_config"];
        EXPECT_EQ(qc["format"], "pack-quantized");
        EXPECT_EQ(qc["config_groups"]["group_0"]["weights"]["num_bits"], r.weights->bits);
        EXPECT_EQ(qc["config_groups"]["group_0"]["weights"]["symmetric"], r.weights->symmetric);
        EXPECT_EQ(qc["ignore"], json::array({"lm_head"}));
        expect_ct_matches_plain(ct, hf, r.weights->bits, r.weights->symmetric, load_model(model_).cfg);
    }
}

// The export's down_proj computes the source's down_proj when its input goes through the stored
// transform as the library applies it: x ← x·H/sqrt(m) (block-diagonal with head_dim).
double r4_mismatch(const SafetensorsModel& ct, const Model& src, int layer, const std::vector<float>& h, int64_t m, bool transpose) {
    const std::string name = tensor_name(NameScheme::HuggingFace, Slot::Down, layer);
    const std::vector<float> w = decode_ct_int(ct, name.substr(0, name.size() - 7), 8, true);
    const Linear& down = src.layers[static_cast<size_t>(layer)].down;
    const int64_t k = down.w.cols(), n = down.w.rows();
    const Eigen::Map<const MatrixRM> wq(w.data(), n, k);
    Eigen::Map<const MatrixRM> hm(h.data(), m, m);
    MatrixRM x = MatrixRM::Random(4, k), xt(4, k);
    for (int64_t b = 0; b < k; b += m)
        xt.middleCols(b, m) = x.middleCols(b, m) * (transpose ? MatrixRM(hm.transpose()) : MatrixRM(hm)) / std::sqrt(static_cast<float>(m));
    const MatrixRM want = x * down.w.transpose(), got = xt * wq.transpose();
    return (got - want).cwiseAbs().maxCoeff() / want.cwiseAbs().maxCoeff();
}

TEST_F(ExportTest, CompressedTensorsWritesOnlineR4AsATransform) {
    const Model src = load_model(model_);
    for (const char* r4 : {"rhadamard:seed=5", "block:32"}) {
        SCOPED_TRACE(r4);
        const std::string recipe = std::string(R"({"rotation": {"r4": ")") + r4 + R"("}, "w": "int8"})";
        const std::string out = dir_.file("ct-r4");
        const ExportResult res = run_export(request(recipe, ExportTarget::CompressedTensors, out));
        EXPECT_TRUE(res.verdict.ok());
        const json tc = json::parse(std::ifstream(std::filesystem::path(out) / "config.json"))["quantization_config"]["transform_config"];
        const json& scheme = tc["config_groups"]["R4"];
        const bool block = std::string(r4) == "block:32";
        const int64_t m = block ? 32 : src.cfg.d_ff;
        EXPECT_EQ(scheme["type"], block ? "hadamard" : "random-hadamard");
        EXPECT_EQ(scheme["head_dim"], block ? json(32) : json(nullptr));
        ASSERT_EQ(scheme["apply"].size(), 2u);
        EXPECT_EQ(scheme["apply"][0]["location"], "input");
        EXPECT_EQ(scheme["apply"][0]["targets"], json::array({"re:.*mlp.down_proj$"}));
        EXPECT_EQ(scheme["apply"][1]["location"], "weight_input");
        EXPECT_EQ(scheme["apply"][1]["inverse"], true);
        const auto ct = SafetensorsModel::open_dir(out);
        // The export holds the weights of the run the model engine computes for the recipe.
        const Model run = in_memory(recipe);
        for (int l = 0; l < src.cfg.n_layers; ++l)
            for (const auto& [slot, linear] : {std::pair{Slot::Q, &Layer::q}, {Slot::K, &Layer::k}, {Slot::V, &Layer::v}, {Slot::O, &Layer::o},
                                               {Slot::Gate, &Layer::gate}, {Slot::Up, &Layer::up}, {Slot::Down, &Layer::down}}) {
                const std::string name = tensor_name(NameScheme::HuggingFace, slot, l);
                const std::vector<float> got = decode_ct_int(*ct, name.substr(0, name.size() - 7), 8, true);
                const MatrixRM& want = (run.layers[static_cast<size_t>(l)].*linear).w;
                EXPECT_EQ(Eigen::Map<const MatrixRM>(got.data(), want.rows(), want.cols()), want) << name;
            }
        for (int l = 0; l < src.cfg.n_layers; ++l) {
            const std::string t = "model.layers." + std::to_string(l) + ".mlp.down_proj.R4_input.weight";
            ASSERT_NE(ct->find(t), nullptr) << t;
            EXPECT_EQ(ct->find(t)->shape, (std::vector<int64_t>{m, m}));
            const std::vector<float> h = ct->read_f32(t);
            // int8 rounding only; the transposed matrix (the wrong direction) computes another function.
            EXPECT_LT(r4_mismatch(*ct, src, l, h, m, false), 0.02) << l;
            if (!block) EXPECT_GT(r4_mismatch(*ct, src, l, h, m, true), 0.2) << l;
        }
    }
    testing::expect_bad_input(
        [&] { run_export(request(R"({"rotation": {"r4": "orthogonal:seed=1"}, "w": "int4:g16"})", ExportTarget::CompressedTensors,
                                 dir_.file("ct-orth"))); },
        "export", "has no compressed-tensors transform");
}

TEST_F(ExportTest, CompressedTensorsNvfp4W4A4StoresTheCalibratedInputScales) {
    const char* recipe = R"({"rotation": {"r1": "rhadamard:seed=6"}, "w": "nvfp4", "a": "nvfp4:static"})";
    const std::string ct = dir_.file("ct");
    const ExportRequest req = request(recipe, ExportTarget::CompressedTensors, ct);
    EXPECT_TRUE(run_export(req).verdict.ok());
    const json group = json::parse(std::ifstream(std::filesystem::path(ct) / "config.json"))["quantization_config"]["config_groups"]["group_0"];
    EXPECT_EQ(group["format"], "nvfp4-pack-quantized");
    // The library's NVFP4 preset, as llm-compressor writes it.
    EXPECT_EQ(group["input_activations"],
              json::parse(R"({"num_bits": 4, "type": "float", "symmetric": true, "group_size": 16, "strategy": "tensor_group",
                              "dynamic": "local", "scale_dtype": "torch.float8_e4m3fn", "observer": "static_minmax"})"));

    // The ranges, computed apart: the model engine's candidate, window by window through Forward.
    const Model m = in_memory(recipe);
    const auto tokenizer = make_tokenizer(m.tokenizer);
    const std::vector<std::vector<int32_t>> windows = calibration_windows(req.gptq_calibration, *tokenizer, {});
    ASSERT_EQ(windows.size(), 4u);
    const auto backend = make_cpu_backend();
    ActivationRangeRecorder recorder(m.cfg.n_layers);
    Forward fwd(m, *backend);
    fwd.set_activation_transform(&recorder);
    MatrixRM h;
    for (const auto& w : windows) fwd.hidden(w, nullptr, h);

    const auto st = SafetensorsModel::open_dir(ct);
    for (int l = 0; l < m.cfg.n_layers; ++l)
        for (const auto& [slot, input] : {std::pair{Slot::Q, LinearInput::QKV}, {Slot::K, LinearInput::QKV}, {Slot::V, LinearInput::QKV},
                                          {Slot::O, LinearInput::O}, {Slot::Gate, LinearInput::GateUp}, {Slot::Up, LinearInput::GateUp},
                                          {Slot::Down, LinearInput::Down}}) {
            const std::string name = tensor_name(NameScheme::HuggingFace, slot, l);
            const std::string key = name.substr(0, name.size() - 6) + "input_global_scale";
            const StTensorInfo* t = st->find(key);
            ASSERT_NE(t, nullptr) << key;
            EXPECT_EQ(t->shape, std::vector<int64_t>{1});
            float got = 0;
            st->shard_of(*t).read_f32_into(*t, &got);
            const float amax = recorder.ranges().at(l, input);
            ASSERT_GT(amax, 0.0f);
            EXPECT_EQ(got, 448.0f * 6.0f / amax) << key;  // the library's generate_gparam, in float32
        }
    EXPECT_EQ(st->find("lm_head.input_global_scale"), nullptr);

    // Dynamic NVFP4 activations, or the LM head's input, have no compressed-tensors form.
    testing::expect_bad_input([&] { run_export(request(R"({"w": "nvfp4", "a": "nvfp4"})", ExportTarget::CompressedTensors, dir_.file("x"))); },
                              "export", "nvfp4 activations with nvfp4 weights are not written");
    testing::expect_bad_input([&] { run_export(request(R"({"w": "int4:g16", "a": "nvfp4:static"})", ExportTarget::CompressedTensors, dir_.file("x"))); },
                              "export", "nvfp4:static activations with int4:g16 weights are not written");
    testing::expect_bad_input(
        [&] { run_export(request(R"({"w": "nvfp4", "a": "nvfp4:static", "lm_head": true})", ExportTarget::CompressedTensors, dir_.file("x"))); },
        "export", "the LM head's input quantization is not written");
    EXPECT_FALSE(std::filesystem::exists(dir_.file("x")));
}

TEST_F(ExportTest, CompressedTensorsGptqActOrderWithStaticGroupsOnly) {
    // Static groups keep every column in its group: the codes decode by position, with no g_idx.
    const std::string recipe = R"({"w": "int4:g16", "method": "gptq", "gptq": {"act_order": true, "static_groups": true}})";
    const std::string ct = dir_.file("ct-gptq"), hf = dir_.file("hf-gptq");
    run_export(request(recipe, ExportTarget::CompressedTensors, ct));
    run_export(request(recipe, ExportTarget::Hf, hf));
    const json qc = json::parse(std::ifstream(std::filesystem::path(ct) / "config.json"))["quantization_config"];
    EXPECT_EQ(qc["config_groups"]["group_0"]["weights"]["actorder"], "weight");
    EXPECT_EQ(SafetensorsModel::open_dir(ct)->find("model.layers.0.mlp.down_proj.weight_g_idx"), nullptr);
    expect_ct_matches_plain(ct, hf, 4, true, load_model(model_).cfg);
    // Groups that act-order moved need a g_idx, which the library no longer reads.
    testing::expect_bad_input(
        [&] { run_export(request(R"({"w": "int4:g16", "method": "gptq", "gptq": {"act_order": true}})", ExportTarget::CompressedTensors,
                                 dir_.file("ct-gidx"))); },
        "export", "removed act-order with a g_idx");
}

TEST_F(ExportTest, RefusesWhatTheTargetCannotExpressBeforeAnyWork) {
    const std::string w4a4 = R"({"rotation": "hadamard", "w": "int4:g16", "a": "int4:token"})";
    const std::string out = dir_.file("nope");
    testing::expect_bad_input([&] { run_export(request(w4a4, ExportTarget::Hf, out)); }, "export",
                              "transformers has no online rotation at the down_proj input (R4)");
    testing::expect_bad_input([&] { run_export(request(w4a4, ExportTarget::Gguf, out + ".gguf")); }, "export",
                              "llama.cpp has no online rotation at the down_proj input (R4)");
    testing::expect_bad_input([&] { run_export(request(R"({"w": "nf4"})", ExportTarget::CompressedTensors, out)); },
                              "export", "no compressed-tensors format is written for nf4");
    testing::expect_bad_input([&] { run_export(request(R"({"w": "int4"})", ExportTarget::Hf, dir_.file("no/such/dir"))); },
                              "export", "does not exist");
    testing::expect_bad_input([&] { run_export(request(R"({"w": "int4"})", ExportTarget::Gguf, model_)); }, "export",
                              "is the model being exported");
    // A folder that is not an earlier export is never replaced.
    std::filesystem::create_directory(dir_.file("mine"));
    std::ofstream(dir_.file("mine/notes.txt")) << "keep me";
    testing::expect_bad_input([&] { run_export(request(R"({"w": "int4"})", ExportTarget::Hf, dir_.file("mine"))); }, "export",
                              "is not an earlier export");
    EXPECT_TRUE(std::filesystem::exists(dir_.file("mine/notes.txt")));
    EXPECT_FALSE(std::filesystem::exists(out));
    // With --offline-only the same recipe exports its offline part.
    ExportRequest r = request(w4a4, ExportTarget::Hf, out);
    r.options.offline_only = true;
    const ExportResult res = run_export(r);
    EXPECT_TRUE(res.verdict.ok());
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / "model.safetensors"));
}

TEST_F(ExportTest, CancelledExportLeavesTheOldOutputAndNoStaging) {
    const std::string out = dir_.file("kept");
    run_export(request(R"({"w": "int8"})", ExportTarget::Hf, out));
    std::ofstream(std::filesystem::path(out) / "marker") << "old";
    CancelToken cancel;
    Progress p;
    p.cancel = &cancel;
    p.report = [&](const ProgressStep& s) {
        if (s.stage == Stage::Exporting && s.done == 1) cancel.cancel();
    };
    try {
        run_export(request(kRotatedInt4, ExportTarget::Hf, out), p);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / "marker"));
    for (const auto& e : std::filesystem::directory_iterator(dir_.path()))
        EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
    // A successful export replaces it.
    run_export(request(kRotatedInt4, ExportTarget::Hf, out));
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(out) / "marker"));
    for (const auto& e : std::filesystem::directory_iterator(dir_.path()))
        EXPECT_EQ(e.path().filename().string().find(".old"), std::string::npos) << e.path();
}

TEST_F(ExportTest, CliChecksExportsAndExportsARunOfAReport) {
    const std::string recipe = dir_.file("w4a4.json");
    std::ofstream(recipe) << R"({"name": "w4a4", "rotation": "hadamard", "w": "int4:g16", "a": "int8:token"})";
    testing::CliResult r = testing::run_cli({"export", model_, "--recipe", recipe, "--check"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.out.find("transformers does not quantize activations (int8:token)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("gguf                cannot export (llama.cpp)"), std::string::npos) << r.out;
    r = testing::run_cli({"export", model_, "--recipe", recipe, "--check", "--offline-only", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json verdicts = json::parse(r.out);
    ASSERT_EQ(verdicts["targets"].size(), 3u);
    for (const json& v : verdicts["targets"]) EXPECT_TRUE(v["ok"].get<bool>()) << v.dump();

    // Refused in one line, exit 2, nothing written.
    const std::string refused = dir_.file("refused.gguf");
    r = testing::run_cli({"export", model_, "--recipe", recipe, "--to", "gguf", "-o", refused});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("llama.cpp cannot express recipe 'w4a4'"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(refused));

    // A run report's run, exported: the recipe and the model come from the report.
    const std::string report = dir_.file("run.h5");
    r = testing::run_cli({"quantize", model_, "--recipe", recipe, "--text-file", corpus_, "--ctx", "32", "--windows", "2",
                          "--probe-tokens", "0", "-o", report});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string out = dir_.file("from-report.gguf");
    r = testing::run_cli({"export", "--from-report", report, "--to", "gguf", "--offline-only", "--dtype", "f32", "-o", out, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json res = json::parse(r.out);
    EXPECT_EQ(res["verdict"]["target"], "gguf");
    EXPECT_GT(res["tensors"].get<int>(), 10);
    const Model got = load_model(out);
    const Model want = in_memory(R"({"rotation": {"r1": "hadamard", "r2": "hadamard"}, "w": "int4:g16"})");
    for (const RoleTraits& role : kLayerRoles) EXPECT_EQ((got.layers[1].*role.linear).w, (want.layers[1].*role.linear).w) << role.name;
    r = testing::run_cli({"export", "--from-report", report, "--run", "3", "--to", "gguf", "-o", out});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("has 1 runs; --run 3 is not one of them"), std::string::npos) << r.err;
}

// Qwen2 (q/k/v biases), Qwen3 (per-head q/k norms, head_dim ≠ d_model / heads) and a Mistral read
// from a Hugging Face directory: each exported to both formats and read back.
class ExportArchTest : public ::testing::TestWithParam<Arch> {};

TEST_P(ExportArchTest, BothFormatsReadBackToTheRecipesWeights) {
    TempDir dir("rotoscope-export-arch");
    ModelConfig c = testing::tiny_config(GetParam());
    c.n_vocab = 260;
    c.d_ff = 64;
    c.max_context = 512;
    const Model m = testing::random_model(c, 21);
    std::string model;
    if (GetParam() == Arch::Mistral) {
        // An HF source: its tokenizer.json comes from the tiny GGUF tokenizer through the writer.
        testing::write_tiny_gguf(dir.file("tok.gguf"), 32, 1);
        const TokenizerSpec spec = load_model(dir.file("tok.gguf")).tokenizer;
        testing::write_model_hf(m, "MistralForCausalLM", dir.path() / "src", 1);
        std::ofstream(dir.path() / "src" / "tokenizer.json") << hf_tokenizer_json(spec).dump();
        std::ofstream(dir.path() / "src" / "tokenizer_config.json") << hf_tokenizer_config(spec, 512).dump();
        model = (dir.path() / "src").string();
    } else {
        model = dir.file("src.gguf");
        testing::write_model_gguf(m, arch_name(GetParam()), model, [](GgufWriter& w) { testing::add_tiny_byte_bpe_tokenizer(w); });
    }
    const std::string recipe = R"({"rotation": {"r1": "rhadamard:seed=4", "r2": "hadamard"}, "w": "int4:g16"})";
    const Recipe r = recipe_from_json(json::parse(recipe), "r");
    Model want = load_model(model);
    ASSERT_EQ(want.cfg.arch, GetParam());
    want = quantize_weights_rtn(fuse_rotations(want, r.rotation), *r.weights);
    for (ExportTarget t : {ExportTarget::Hf, ExportTarget::Gguf}) {
        SCOPED_TRACE(export_target_traits(t).key);
        ExportRequest req;
        req.model = model;
        req.recipe = r;
        req.options.target = t;
        req.options.dtype = ExportDtype::F32;
        req.out = dir.file(t == ExportTarget::Gguf ? "out.gguf" : "out-hf");
        run_export(req);
        const Model got = load_model(req.out);
        // A Mistral becomes a Llama in GGUF (llama.cpp's converter does the same).
        EXPECT_EQ(got.cfg.arch, t == ExportTarget::Gguf && GetParam() == Arch::Mistral ? Arch::Llama : GetParam());
        EXPECT_EQ(got.cfg.head_dim, c.head_dim);
        EXPECT_EQ(got.cfg.qk_norm, c.qk_norm);
        EXPECT_EQ(got.cfg.qkv_bias, c.qkv_bias);
        expect_same_weights(got, want);
        for (size_t l = 0; l < want.layers.size(); ++l) {
            EXPECT_EQ(got.layers[l].q.b, want.layers[l].q.b);
            EXPECT_EQ(got.layers[l].k.b, want.layers[l].k.b);
            EXPECT_EQ(got.layers[l].q_norm, want.layers[l].q_norm);
            EXPECT_EQ(got.layers[l].k_norm, want.layers[l].k_norm);
        }
        const auto a = make_tokenizer(got.tokenizer), b = make_tokenizer(want.tokenizer);
        EXPECT_EQ(a->encode("the theme of the thesis", true, false), b->encode("the theme of the thesis", true, false));
    }
}

INSTANTIATE_TEST_SUITE_P(Archs, ExportArchTest, ::testing::Values(Arch::Qwen2, Arch::Qwen3, Arch::Mistral),
                         [](const auto& info) { return std::string(arch_name(info.param)); });

TEST(ExportRope, Llama3ScalingBecomesRopeFreqsWithTheSameLogits) {
    TempDir dir("rotoscope-export-rope");
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.n_vocab = 260;
    c.max_context = 512;
    const Model m = testing::random_model(c, 8);
    testing::write_model_hf(m, "LlamaForCausalLM", dir.path() / "src", 1);
    json cfg = json::parse(std::ifstream(dir.path() / "src" / "config.json"));
    // A short original context so that the scaling changes every band of this small head.
    cfg["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                           {"original_max_position_embeddings", 64}};
    std::ofstream(dir.path() / "src" / "config.json") << cfg.dump();
    const Model src = load_model((dir.path() / "src").string());
    ASSERT_TRUE(src.cfg.rope_scaling && src.cfg.rope_scaling->type == "llama3");

    ExportRequest req;
    req.model = (dir.path() / "src").string();
    req.options.target = ExportTarget::Gguf;
    req.options.dtype = ExportDtype::F32;
    req.out = dir.file("out.gguf");
    EXPECT_TRUE(check_export(req.recipe, src.cfg, req.options).ok());
    run_export(req);
    const Model got = load_model(req.out);
    ASSERT_TRUE(got.cfg.rope_scaling);
    EXPECT_EQ(got.cfg.rope_scaling->type, "freqs");
    expect_same_weights(got, src);
    const std::vector<double> x = Rope(got.cfg).inv_freq(), y = Rope(src.cfg).inv_freq();
    for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], y[i], 1e-6 * y[i]) << i;
    std::vector<int32_t> ids;
    for (int i = 0; i < 200; ++i) ids.push_back((i * 37) % 260);
    EXPECT_LT(testing::max_rel_error(testing::logits_of(got, ids), testing::logits_of(src, ids)), 1e-5);
    // Without the factors the positions past 64 would differ: the check can fail.
    Model unscaled = src;
    unscaled.cfg.rope_scaling.reset();
    EXPECT_GT(testing::max_rel_error(testing::logits_of(unscaled, ids), testing::logits_of(src, ids)), 1e-3);
}

TEST(ExportVerdicts, EveryTargetSaysWhatItCannotExpress) {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    const Recipe r = recipe_from_json(json::parse(R"({"rotation": {"r1": "hadamard", "r3": "hadamard"}, "w": "nvfp4", "kv": "int4"})"), "r");
    const std::vector<ExportVerdict> v = check_all_exports(r, c, ExportOptions{});
    ASSERT_EQ(v.size(), 3u);
    for (const ExportVerdict& x : v) EXPECT_FALSE(x.ok()) << export_target_traits(x.target).key;
    auto has = [](const std::vector<std::string>& lines, const std::string& s) {
        for (const auto& l : lines)
            if (l.find(s) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has(v[0].cannot, "R3"));
    EXPECT_TRUE(has(v[1].cannot, "KV"));
    EXPECT_TRUE(has(v[2].notes, "no ggml type holds nvfp4"));
    ExportOptions offline;
    offline.offline_only = true;
    for (const ExportVerdict& x : check_all_exports(r, c, offline)) EXPECT_TRUE(x.ok()) << export_target_traits(x.target).key;
}

TEST_F(ExportTest, R3IsLeftOutUnlessTheKvCacheIsQuantized) {
    // R3 multiplies Q and K by the same orthogonal matrix after RoPE: QKᵀ, and so the model's
    // function, do not change; only a quantized K cache sees it.
    const std::string with_r3 = R"({"rotation": {"r1": "rhadamard:seed=2", "r3": "hadamard"}, "w": "int4:g16"})";
    const std::string without = R"({"rotation": {"r1": "rhadamard:seed=2"}, "w": "int4:g16"})";
    const ModelConfig cfg = load_model(model_).cfg;
    for (const ExportVerdict& v : check_all_exports(recipe_from_json(json::parse(with_r3), "r"), cfg, {})) {
        EXPECT_TRUE(v.ok()) << export_target_traits(v.target).key;
        EXPECT_NE(v.notes.front().find("R3 cancels in QKᵀ"), std::string::npos) << v.notes.front();
    }
    const std::string out = dir_.file("r3"), ref = dir_.file("no-r3");
    run_export(request(with_r3, ExportTarget::Hf, out));
    run_export(request(without, ExportTarget::Hf, ref));
    expect_same_weights(load_model(out), load_model(ref));
    // The recipe's own model, with R3 applied online, computes what the export computes.
    std::vector<int32_t> ids;
    for (int i = 0; i < 40; ++i) ids.push_back((i * 11) % 250);
    EXPECT_LT(testing::max_rel_error(testing::logits_of(in_memory(with_r3), ids), testing::logits_of(load_model(out), ids)), 1e-5);
    // With a quantized KV cache R3 matters, and no target applies it.
    const Recipe kv = recipe_from_json(json::parse(R"({"rotation": {"r3": "hadamard"}, "w": "int4:g16", "kv": "int4"})"), "r");
    for (const ExportVerdict& v : check_all_exports(kv, cfg, {})) {
        bool named = false;
        for (const std::string& c : v.cannot) named = named || c.find("(R3)") != std::string::npos;
        EXPECT_TRUE(named) << export_target_traits(v.target).key;
    }
}

// ---------------------------------------------------------------- tokenizer.json

TEST(HfTokenizerWriter, RoundTripsTheDefaultModelsTokenizer) {
    const Model m = load_model("default");
    const TokenizerSpec& spec = m.tokenizer;
    const std::string text = hf_tokenizer_json(spec).dump();
    // SmolLM2-Instruct's GGUF carries its ChatML template, which the export passes on.
    EXPECT_NE(spec.chat_template.find("<|im_start|>"), std::string::npos);
    const std::string config = hf_tokenizer_config(spec, m.cfg.max_context, spec.chat_template).dump();
    const TokenizerSpec back = tokenizer_spec_from_hf_json_text(text, "written", config);
    EXPECT_EQ(back.chat_template, spec.chat_template);
    EXPECT_EQ(back.pre, spec.pre);
    EXPECT_EQ(back.tokens, spec.tokens);
    EXPECT_EQ(back.merges, spec.merges);
    EXPECT_EQ(back.bos_id, spec.bos_id);
    EXPECT_EQ(back.eos_id, spec.eos_id);
    EXPECT_EQ(back.add_bos, spec.add_bos);
    const auto a = make_tokenizer(spec), b = make_tokenizer(back);
    for (const char* s : {"Hello world! 12345 tokens,  spaced\nlines", "Ünïcödé — <|im_start|>user\n", " leading space"})
        EXPECT_EQ(a->encode(s, true, true), b->encode(s, true, true)) << s;
}

// The tests' tiny SentencePiece tokenizer plus 266 ▁ab (-4), which two merges can make.
TokenizerSpec tiny_spm_spec() {
    TokenizerSpec s = testing::tiny_spm_spec();
    s.tokens.push_back(testing::kU2581 + "ab");
    s.token_types.push_back(1);
    s.scores.push_back(-4);
    return s;
}

TEST(HfTokenizerWriter, SentencePieceMergesFollowTheScores) {
    const TokenizerSpec spec = tiny_spm_spec();
    const json j = hf_tokenizer_json(spec);
    const std::string u = "\xE2\x96\x81";
    // bc (-1), ▁a (-2), ab (-3), then ▁ab (-4) by both its splits, ▁+ab before ▁a+b (ids 259 < 265).
    EXPECT_EQ(j["model"]["merges"], json::parse(R"([["b","c"],["\u2581","a"],["a","b"],["\u2581","ab"],["\u2581a","b"]])"));
    EXPECT_EQ(j["model"]["byte_fallback"], true);
    const TokenizerSpec back = tokenizer_spec_from_hf_json_text(j.dump(), "written", hf_tokenizer_config(spec, 512).dump());
    EXPECT_EQ(back.kind, TokenizerKind::SentencePiece);
    EXPECT_TRUE(back.add_space_prefix);
    EXPECT_TRUE(back.add_bos);
    const auto a = make_tokenizer(spec), b = make_tokenizer(back);
    for (const std::string text : {"abc", "ab \xC3\xA9", "cba abc ab", "a</s>a", ""})
        EXPECT_EQ(b->encode(text, true, true), a->encode(text, true, true)) << text;
    for (const std::string text : {"abc", "ab \xC3\xA9", "cba abc"}) EXPECT_EQ(b->decode(b->encode(text, true)), text);
}

TEST(HfTokenizerWriter, RefusesAModelWithoutATokenizer) {
    TokenizerSpec spec;
    spec.source = "x.gguf";
    testing::expect_bad_input([&] { hf_tokenizer_json(spec); }, "tokenizer", "carries no tokenizer");
}

}  // namespace
}  // namespace rs
