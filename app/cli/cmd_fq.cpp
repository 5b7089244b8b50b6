// rotoscope-cli fq: fake-quantizes a raw float32 vector with the reference engine and writes what
// it produced as raw files, so that a format can be compared with another tool byte for byte.
//
// File layouts (all little-endian, row-major, no header; the CLI refuses to build elsewhere):
//   --in           float32 per element; the element count must be a multiple of --cols.
//   --out          float32 per element: dequant(quant(x)).
//   --codes        one byte per element. INT symmetric and MXINT8: int8 two's complement in
//                  [-qmax, qmax]; INT asymmetric: uint8 in [0, 2^b - 1]; FP8/MX minifloats: the
//                  element's code byte (FP4/FP6 codes in the low bits); NF4: uint8 index 0..15.
//                  Every format's code fits one byte, so the layout does not depend on the format.
//   --scales       float32 per scale group, in the row-major order of the groups: per tensor 1,
//                  per channel/token one per row, per group and for block formats
//                  rows * cols / block. The value is the multiplier the engine applies (INT/FP8 s,
//                  MX 2^e, NVFP4 the decoded E4M3 block scale times the tensor scale, NF4 absmax).
//   --scale-bytes  MX and NVFP4 only: one byte per scale group, the encoded scale (MX E8M0 =
//                  e + 127, NVFP4 E4M3) as a real file format stores it. NVFP4's per-tensor FP32
//                  scale is in the summary ("tensor_scale").
//   --zero-points  INT asymmetric only: uint8 per scale group.
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/raw_outputs.h"
#include "core/error.h"
#include "core/json_io.h"
#include "io/raw_f32.h"
#include "quant/fake_quant.h"
#include "quant/format.h"

static_assert(std::endian::native == std::endian::little, "fq writes its raw files in host order, which must be little-endian");

namespace rs::cli {

void add_fq_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string format, in, out, codes, scales, scale_bytes, zero_points;
        int64_t cols = 0;
        std::optional<float> tensor_amax;
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand(
        "fq",
        "Fake-quantize a raw little-endian float32 file (rows of --cols) with the reference quantizer.\n"
        "Outputs are raw little-endian, row-major, no header: --out float32 per element; --codes one byte per\n"
        "element (int8 for INT symmetric and MXINT8, uint8 otherwise: INT asymmetric level, minifloat code,\n"
        "NF4 index); --scales float32 per scale group (row-major order of the groups); --scale-bytes the\n"
        "encoded MX E8M0 / NVFP4 E4M3 byte per group; --zero-points uint8 per group (INT asymmetric).");
    cmd->add_option("--format", o->format, "format spec, e.g. int4:g32, int8:asym:token, mxfp4, nvfp4, fp8_e4m3, nf4")->required();
    cmd->add_option("--in", o->in, "input: float32 little-endian, rows of --cols values")->required();
    cmd->add_option("--cols", o->cols, "values per row (the row length)")->required();
    cmd->add_option("--out", o->out, "output: dequantized float32 per element")->required();
    cmd->add_option("--codes", o->codes, "also write one code byte per element");
    cmd->add_option("--scales", o->scales, "also write one float32 scale per scale group");
    cmd->add_option("--scale-bytes", o->scale_bytes, "also write the encoded scale byte per group (MX, NVFP4 only)");
    cmd->add_option("--zero-points", o->zero_points, "also write the uint8 zero point per group (INT asymmetric only)");
    cmd->add_option("--tensor-amax", o->tensor_amax,
                    "a static format (nvfp4:static): the calibrated amax its tensor scale comes from (amax / (6 * 448))");
    cmd->add_flag("--json", o->json, "print the summary as JSON");
    cmd->callback([o, &action] {
        action = [o] {
            const quant::FormatSpec spec = quant::parse_format_spec(o->format);
            const std::string name = quant::format_spec_name(spec);
            const quant::FormatTraits& traits = quant::format_traits(spec.kind);
            if (o->cols <= 0) fail_input("", fmt::format("--cols must be positive, got {}", o->cols));
            const bool has_scale_bytes =
                traits.scale == quant::ScaleType::E8M0 || traits.scale == quant::ScaleType::E4M3TimesFp32;
            if (!o->scale_bytes.empty() && !has_scale_bytes)
                fail_input("", fmt::format("--scale-bytes: format {} stores float32 scales, only MX and NVFP4 have scale bytes", name));
            if (spec.static_scale != o->tensor_amax.has_value())
                fail_input("", spec.static_scale ? fmt::format("format {} needs --tensor-amax (its calibrated amax)", name)
                                                 : fmt::format("--tensor-amax: format {} is not static", name));
            const bool asym = spec.kind == quant::FormatKind::Int && !spec.symmetric;
            if (!o->zero_points.empty() && !asym)
                fail_input("", fmt::format("--zero-points: format {} is not INT asymmetric", name));
            for (const auto* p : {&o->out, &o->codes, &o->scales, &o->scale_bytes, &o->zero_points}) check_output_path(*p);

            const std::vector<float> x = read_raw_f32(o->in, o->cols);
            const auto n = static_cast<int64_t>(x.size());
            const int64_t rows = n / o->cols;

            quant::QuantResult r;
            try {
                r = quant::fake_quant(x.data(), rows, o->cols, spec, !o->codes.empty(), o->tensor_amax);
            } catch (const Error& e) {
                // The engine names the format and the position; the user also needs the file.
                if (e.kind() == ErrorKind::BadInput) fail_input(o->in, e.what());
                throw;
            }

            double sum_sq = 0.0, err_sq = 0.0, max_abs = 0.0;
            for (int64_t i = 0; i < n; ++i) {
                const double d = static_cast<double>(x[i]) - static_cast<double>(r.dequant[i]);
                sum_sq += static_cast<double>(x[i]) * x[i];
                err_sq += d * d;
                max_abs = std::max(max_abs, std::abs(d));
            }
            const double mse = err_sq / static_cast<double>(n);
            // Lossless (or all-zero) input has no finite SQNR: JSON gets null, the text "inf".
            const bool sqnr_finite = err_sq > 0.0 && sum_sq > 0.0;
            const double sqnr = sqnr_finite ? 10.0 * std::log10(sum_sq / err_sq) : std::numeric_limits<double>::infinity();

            // All or nothing: an output that fails to write takes the ones already written with it.
            write_outputs({{o->out, raw_bytes(r.dequant)},
                           {o->codes, low_bytes(r.codes)},
                           {o->scales, raw_bytes(r.scales)},
                           {o->scale_bytes, raw_bytes(r.scale_bytes)},
                           {o->zero_points, low_bytes(r.zero_points)}});

            if (o->json) {
                nlohmann::json j{{"format", name},         {"input", o->in},
                                 {"elements", n},          {"rows", rows},
                                 {"cols", o->cols},        {"scale_groups", r.scales.size()},
                                 {"scale_block", r.scale_block}, {"mse", mse},
                                 {"max_abs_error", max_abs}, {"sqnr_db", sqnr_finite ? nlohmann::json(sqnr) : nlohmann::json(nullptr)}};
                if (spec.kind == quant::FormatKind::Nvfp4) j["tensor_scale"] = r.tensor_scale;
                fmt::print("{}\n", dump_json(j));
            } else {
                fmt::print("{}: {} elements ({} rows x {}), {} scale groups, MSE {:.6g}, max abs error {:.6g}, SQNR {} dB{}\n", name, n,
                           rows, o->cols, r.scales.size(), mse, max_abs, sqnr_finite ? fmt::format("{:.3f}", sqnr) : "inf",
                           spec.kind == quant::FormatKind::Nvfp4 ? fmt::format(", tensor scale {:.9g}", r.tensor_scale) : "");
            }
            return 0;
        };
    });
}

}  // namespace rs::cli
