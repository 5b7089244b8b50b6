#include "format_lab/lab_block.h"

#include <algorithm>
#include <cmath>

namespace rs::gui {

using quant::FormatKind;
using quant::FormatSpec;
using quant::QuantResult;

LabBlock quantize_block(std::vector<float> block, int real, const FormatSpec& spec, float tensor_amax) {
    LabBlock b;
    b.x = std::move(block);
    b.real = real;
    b.spec = spec;
    const auto& traits = quant::format_traits(spec.kind);
    if (traits.block == 0) b.spec.granularity = quant::Granularity::Channel;
    const auto n = static_cast<int64_t>(b.x.size());
    float block_amax = 0;
    for (float v : b.x) block_amax = std::max(block_amax, std::fabs(v));
    b.tensor_amax = std::max(block_amax, tensor_amax);
    if (spec.kind == FormatKind::Nvfp4 && b.tensor_amax > block_amax) {
        std::vector<float> two(b.x);
        two.resize(static_cast<size_t>(2 * n), 0.0f);
        two[static_cast<size_t>(n)] = b.tensor_amax;
        b.result = quant::fake_quant(two.data(), 2, n, b.spec, true);
        b.result.dequant.resize(static_cast<size_t>(n));
        b.result.codes.resize(static_cast<size_t>(n));
        b.result.scales.resize(1);
        b.result.scale_bytes.resize(1);
    } else {
        b.result = quant::fake_quant(b.x.data(), 1, n, b.spec, true);
    }
    b.multiplier = element_multiplier(b.spec, b.result);
    b.zero_point = b.result.zero_points.empty() ? 0 : b.result.zero_points.front();
    return b;
}

double element_multiplier(const FormatSpec& spec, const QuantResult& result) {
    if (result.scales.empty()) return 0;
    // fake_quant forms the NVFP4 divisor as a float product; so does this.
    if (spec.kind == FormatKind::Nvfp4) return static_cast<double>(result.scales.front() * result.tensor_scale);
    return result.scales.front();
}

std::vector<double> format_grid(const FormatSpec& spec, double multiplier, int zero_point) {
    const auto& traits = quant::format_traits(spec.kind);
    std::vector<double> grid;
    if (spec.kind == FormatKind::Int) {
        if (spec.symmetric) {
            const int qmax = (1 << (spec.bits - 1)) - 1;
            for (int q = -qmax; q <= qmax; ++q) grid.push_back(q * multiplier);
        } else {
            for (int q = 0; q < (1 << spec.bits); ++q) grid.push_back((q - zero_point) * multiplier);
        }
    } else if (spec.kind == FormatKind::MxInt8) {
        for (int i = -127; i <= 127; ++i) grid.push_back(i / 64.0 * multiplier);
    } else if (traits.element_type == quant::ElementType::Nf4Codebook) {
        for (float level : quant::nf4_levels()) grid.push_back(level * multiplier);
    } else {
        const quant::Minifloat mf = *traits.minifloat;
        const int n = quant::minifloat_code_count(mf);
        for (int c = 0; c < n; ++c) {
            const float v = quant::minifloat_decode(mf, static_cast<uint8_t>(c));
            if (std::isfinite(v)) grid.push_back(static_cast<double>(v) * multiplier);
        }
    }
    for (double& v : grid)
        if (v == 0) v = 0;  // -0 -> +0, so that the signed zeros merge
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
    return grid;
}

QString code_text(const FormatSpec& spec, int32_t code) {
    const auto& traits = quant::format_traits(spec.kind);
    if (traits.element_type != quant::ElementType::Minifloat) return QString::number(code);
    const auto& info = quant::minifloat_info(*traits.minifloat);
    auto bits = [&](int value, int width) {
        return QStringLiteral("%1").arg(value, width, 2, QLatin1Char('0'));
    };
    const int m = code & ((1 << info.man_bits) - 1);
    const int e = (code >> info.man_bits) & ((1 << info.exp_bits) - 1);
    const int s = (code >> (info.man_bits + info.exp_bits)) & 1;
    return QStringLiteral("%1 %2 %3").arg(bits(s, 1), bits(e, info.exp_bits), bits(m, info.man_bits));
}

QString element_name(const FormatSpec& spec) {
    const auto& traits = quant::format_traits(spec.kind);
    if (spec.kind == FormatKind::Int) return QStringLiteral("INT%1").arg(spec.bits);
    if (spec.kind == FormatKind::MxInt8) return QStringLiteral("INT8");
    if (traits.element_type == quant::ElementType::Nf4Codebook) return QStringLiteral("NF4");
    return QLatin1String(quant::minifloat_info(*traits.minifloat).name);
}

}  // namespace rs::gui
