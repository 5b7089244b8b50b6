// rotoscope-cli gptq: GPTQ of one linear from raw float32 files, so that the solve can be compared
// with another implementation byte for byte (as `fq` does for the formats).
//
// File layouts (little-endian, row-major, no header):
//   --weight    float32 [rows, cols]: W, one output channel per row.
//   --inputs    float32 [n, cols]: the calibration inputs x of the linear; H = 2/n Σ xᵀx.
//   --out       float32 [rows, cols]: the quantized weight, dequantized.
//   --codes     one byte per weight element (the codes of `fq`).
//   --scales    float32 [rows, groups] (per tensor: 1), the multipliers as `fq` writes them.
//   --scale-bytes, --zero-points   as `fq` (MX/NVFP4; INT asymmetric).
//   --g-idx     int32 [cols]: each column's group (act-order without static groups permutes them).
//   --rtn-out   float32 [rows, cols]: RTN of W with the same format, for comparison.
#include <fmt/format.h>

#include <bit>
#include <cmath>

#include "calib/hessian.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/raw_outputs.h"
#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"
#include "io/raw_f32.h"
#include "quant/fake_quant.h"
#include "quant/format.h"
#include "quant/gptq.h"

static_assert(std::endian::native == std::endian::little, "gptq writes its raw files in host order, which must be little-endian");

namespace rs::cli {

void add_gptq_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string weight, inputs, format, out, codes, scales, scale_bytes, zero_points, g_idx, rtn_out;
        int64_t rows = 0, cols = 0;
        GptqOptions gptq;
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand(
        "gptq",
        "GPTQ of one linear from raw little-endian float32 files: --weight [rows, cols], --inputs [n, cols] (the\n"
        "linear's calibration inputs; H = 2/n sum x^T x). Outputs as `fq` writes them: --out the dequantized weight,\n"
        "--codes, --scales, --scale-bytes, --zero-points; --g-idx int32 group of each column; --rtn-out RTN of W.");
    cmd->add_option("--weight", o->weight, "W: float32, rows x cols, row-major")->required();
    cmd->add_option("--rows", o->rows, "output channels (rows of W)")->required()->check(CLI::PositiveNumber);
    cmd->add_option("--cols", o->cols, "input features (columns of W and of the inputs)")->required()->check(CLI::PositiveNumber);
    cmd->add_option("--inputs", o->inputs, "calibration inputs: float32, n x cols, row-major")->required();
    cmd->add_option("--format", o->format, "weight format, e.g. int4:g128, int4:ct:g64, mxfp4, nvfp4")->required();
    cmd->add_option("--out", o->out, "output: the quantized weight, float32 per element")->required();
    cmd->add_option("--codes", o->codes, "also write one code byte per element");
    cmd->add_option("--scales", o->scales, "also write one float32 scale per scale group");
    cmd->add_option("--scale-bytes", o->scale_bytes, "also write the encoded scale byte per group (MX, NVFP4 only)");
    cmd->add_option("--zero-points", o->zero_points, "also write the uint8 zero point per group (INT asymmetric only)");
    cmd->add_option("--g-idx", o->g_idx, "also write each column's group as int32");
    cmd->add_option("--rtn-out", o->rtn_out, "also write RTN of W with the same format (float32)");
    cmd->add_option("--damp", o->gptq.damp, "dampening, a fraction of the mean Hessian diagonal")
        ->check(CLI::Range(0.0, 10.0))->capture_default_str();
    cmd->add_option("--block", o->gptq.block, "columns per lazy batch")->check(CLI::Range(1, 1 << 16))->capture_default_str();
    cmd->add_flag("--act-order", o->gptq.act_order, "quantize columns by descending Hessian diagonal");
    cmd->add_flag("--static-groups", o->gptq.static_groups, "fit every group's scales from W before the solve");
    cmd->add_flag("--json", o->json, "print the summary as JSON");
    cmd->callback([o, &action] {
        action = [o] {
            const quant::FormatSpec spec = quant::parse_format_spec(o->format);
            const quant::FormatTraits& traits = quant::format_traits(spec.kind);
            const std::string name = quant::format_spec_name(spec);
            if (!o->scale_bytes.empty() && traits.scale != quant::ScaleType::E8M0 && traits.scale != quant::ScaleType::E4M3TimesFp32)
                fail_input("", fmt::format("--scale-bytes: format {} stores float32 scales, only MX and NVFP4 have scale bytes", name));
            if (!o->zero_points.empty() && !(spec.kind == quant::FormatKind::Int && !spec.symmetric))
                fail_input("", fmt::format("--zero-points: format {} is not INT asymmetric", name));
            for (const auto* p : {&o->out, &o->codes, &o->scales, &o->scale_bytes, &o->zero_points, &o->g_idx, &o->rtn_out})
                check_output_path(*p);

            const std::vector<float> wv = read_raw_f32(o->weight, o->cols);
            if (static_cast<int64_t>(wv.size()) != o->rows * o->cols)
                fail_input(o->weight, fmt::format("holds {} rows of {} values, --rows says {}", wv.size() / static_cast<size_t>(o->cols),
                                                  o->cols, o->rows));
            const MatrixRM w = Eigen::Map<const MatrixRM>(wv.data(), o->rows, o->cols);
            const std::vector<float> xv = read_raw_f32(o->inputs, o->cols);
            const int64_t n = static_cast<int64_t>(xv.size()) / o->cols;
            for (size_t i = 0; i < xv.size(); ++i)
                if (!std::isfinite(xv[i]))
                    fail_input(o->inputs, fmt::format("non-finite value {} at row {}, column {}", xv[i], static_cast<int64_t>(i) / o->cols,
                                                      static_cast<int64_t>(i) % o->cols));
            HessianAccumulator acc(o->cols);
            acc.add(Eigen::Map<const MatrixRM>(xv.data(), n, o->cols));
            const MatrixD h = acc.take_hessian();
            const MatrixRM hf = h.cast<float>();

            // Errors name the weight file: it is the one linear there is.
            const GptqResult g = gptq_quantize(w, h, spec, o->gptq, o->weight, !o->codes.empty());
            const quant::QuantResult rtn = quant::fake_quant(wv.data(), o->rows, o->cols, spec);
            const MatrixRM rtn_w = Eigen::Map<const MatrixRM>(rtn.dequant.data(), o->rows, o->cols);
            const std::vector<double> losses = gptq_proxy_losses(w, {&g.q, &rtn_w}, hf);

            std::vector<float> q(g.q.data(), g.q.data() + g.q.size());
            write_outputs({{o->out, raw_bytes(q)},
                           {o->codes, low_bytes(g.codes)},
                           {o->scales, raw_bytes(g.scales)},
                           {o->scale_bytes, raw_bytes(g.scale_bytes)},
                           {o->zero_points, low_bytes(g.zero_points)},
                           {o->g_idx, raw_bytes(g.g_idx)},
                           {o->rtn_out, raw_bytes(rtn.dequant)}});

            if (o->json) {
                nlohmann::json j{{"format", name},
                                 {"rows", o->rows},
                                 {"cols", o->cols},
                                 {"tokens", n},
                                 {"options", gptq_options_label(o->gptq)},
                                 {"damp_used", g.damp},
                                 {"dead_inputs", g.dead_inputs},
                                 {"group", g.group},
                                 {"scale_groups", g.scales.size()},
                                 {"proxy_loss", losses[0]},
                                 {"proxy_loss_rtn", losses[1]},
                                 {"warnings", g.warnings}};
                if (spec.kind == quant::FormatKind::Nvfp4) j["tensor_scale"] = g.tensor_scale;
                fmt::print("{}\n", dump_json(j));
            } else {
                fmt::print("{}: {} x {} weight, {} calibration tokens, {}; proxy loss tr(dW H dW^T) {:.6g} (RTN {:.6g}, x{:.4f}){}{}\n",
                           name, o->rows, o->cols, n, gptq_options_label(o->gptq), losses[0], losses[1],
                           losses[1] > 0 ? losses[0] / losses[1] : 0.0,
                           g.dead_inputs > 0 ? fmt::format(", {} dead inputs", g.dead_inputs) : "",
                           spec.kind == quant::FormatKind::Nvfp4 ? fmt::format(", tensor scale {:.9g}", g.tensor_scale) : "");
                for (const std::string& warning : g.warnings) fmt::print("warning: {}\n", printable(warning));
            }
            return 0;
        };
    });
}

}  // namespace rs::cli
