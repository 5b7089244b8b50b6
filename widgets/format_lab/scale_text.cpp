#include "format_lab/scale_text.h"

#include <QStringList>
#include <algorithm>
#include <cmath>

#include "census/census_text.h"

namespace rs::gui {

namespace {

QString num(double v) { return format_number(v); }

QString steps(const QStringList& items) {
    QString html = QStringLiteral("<ol style=\"margin-left:-20px\">");
    for (const QString& s : items) html += QStringLiteral("<li>%1</li>").arg(s);
    return html + QStringLiteral("</ol>");
}

QString hex_byte(int b) { return QStringLiteral("0x") + QString::number(b, 16).toUpper().rightJustified(2, QLatin1Char('0')); }

}  // namespace

QString ScaleText::describe(const LabBlock& b, const QString& tensor_source) {
    using quant::FormatKind;
    const quant::FormatSpec& spec = b.spec;
    const auto& traits = quant::format_traits(spec.kind);
    const quant::QuantResult& r = b.result;
    const QString elem = element_name(spec);
    double amax = 0, lo = 0, hi = 0;
    for (float v : b.x) {
        amax = std::max(amax, static_cast<double>(std::fabs(v)));
        lo = std::min(lo, static_cast<double>(v));
        hi = std::max(hi, static_cast<double>(v));
    }
    const double ratio = spec.clip_ratio;
    const QString rtext = ratio != 1.0 ? tr("%1 · ").arg(num(ratio)) : QString();
    QStringList s;

    if (spec.kind == FormatKind::Int && spec.symmetric) {
        const int qmax = (1 << (spec.bits - 1)) - 1;
        const double scale = r.scales.front();
        s << tr("amax = max |x| = <b>%1</b>").arg(num(amax));
        s << tr("qmax = 2<sup>%1−1</sup> − 1 = %2").arg(spec.bits).arg(qmax);
        if (spec.mse_clip)
            s << tr("mse: clip ratios r = 1.00, 0.99, …, 0.50 were tried and the one with the least squared "
                    "error kept: r = %1").arg(num(amax > 0 ? scale * qmax / amax : 1.0));
        s << tr("scale s = %1amax / qmax = <b>%2</b>").arg(spec.mse_clip ? tr("r · ") : rtext, num(scale));
        s << tr("code q = clamp(round(x / s), −%1, %1), rounding halves to even").arg(qmax);
        s << tr("dequantized = q · s");
    } else if (spec.kind == FormatKind::Int) {
        const int qmax = (1 << spec.bits) - 1;
        const double scale = r.scales.front();
        s << tr("range [lo, hi] = [min(min x, 0), max(max x, 0)] = [%1, %2]; it always holds 0 so that 0 stays exact")
                 .arg(num(lo), num(hi));
        if (spec.mse_clip)
            s << tr("mse: clip ratios r = 1.00, 0.99, …, 0.50 were tried; the range is multiplied by the one with the "
                    "least squared error");
        else if (ratio != 1.0)
            s << tr("clip: the range is multiplied by %1").arg(num(ratio));
        s << tr("scale s = (hi − lo) / (2<sup>%1</sup> − 1) = <b>%2</b>").arg(spec.bits).arg(num(scale));
        s << tr("zero point z = clamp(round(−lo / s), 0, %1) = <b>%2</b>").arg(qmax).arg(b.zero_point);
        s << tr("code q = clamp(round(x / s) + z, 0, %1), rounding halves to even").arg(qmax);
        s << tr("dequantized = (q − z) · s");
    } else if (traits.block == 0) {  // FP8 with an FP32 scale
        const double max_elem = quant::minifloat_info(*traits.minifloat).max_finite;
        s << tr("amax = max |x| = <b>%1</b>").arg(num(amax));
        if (spec.mse_clip)
            s << tr("mse: clip ratios r = 1.00, 0.99, …, 0.50 were tried and the one with the least squared "
                    "error kept: r = %1").arg(num(amax > 0 ? r.scales.front() * max_elem / amax : 1.0));
        s << tr("scale s = %1amax / %2 (the largest %3) = <b>%4</b>")
                 .arg(spec.mse_clip ? tr("r · ") : rtext, num(max_elem), elem, num(r.scales.front()));
        s << tr("each x / s is rounded to the nearest %1 value (ties to even; beyond ±%2 it saturates)")
                 .arg(elem, num(max_elem));
        s << tr("dequantized = element · s");
    } else if (traits.mx) {
        const int e = r.scales.front() > 0 ? std::ilogb(static_cast<double>(r.scales.front())) : 0;
        const int emax = traits.emax_elem;
        const double max_elem = traits.minifloat ? quant::minifloat_info(*traits.minifloat).max_finite : 127.0 / 64.0;
        s << tr("amax = max |x| over the 32 values = <b>%1</b>").arg(num(amax));
        if (amax == 0) {
            s << tr("an all-zero block gets the smallest scale, 2<sup>−127</sup> (byte 0x00), and zeros");
        } else {
            switch (spec.mx_scale) {
                case quant::MxScaleRule::Floor:
                    s << tr("floor(log<sub>2</sub> amax) = %1 (the OCP MX rule)").arg(std::ilogb(amax));
                    s << tr("%1's largest power of two is 2<sup>%2</sup> (emax<sub>elem</sub> = %2)").arg(elem).arg(emax);
                    s << tr("shared exponent e = floor(log<sub>2</sub> amax) − emax<sub>elem</sub> = %1 − %2 = <b>%3</b>")
                             .arg(std::ilogb(amax)).arg(emax).arg(e);
                    break;
                case quant::MxScaleRule::Ceil:
                    s << tr("ceil(log<sub>2</sub> amax) = %1 (rule \"ceil\")").arg(std::ceil(std::log2(amax)));
                    s << tr("shared exponent e = ceil(log<sub>2</sub> amax) − emax<sub>elem</sub> (%1) = <b>%2</b>")
                             .arg(emax).arg(e);
                    break;
                case quant::MxScaleRule::Even:
                    s << tr("rule \"even\": amax's mantissa is first rounded (half up) to the element's mantissa "
                            "width, which can carry it into the next power of two");
                    s << tr("shared exponent e = floor(log<sub>2</sub> rounded amax) − emax<sub>elem</sub> (%1) = <b>%2</b>")
                             .arg(emax).arg(e);
                    break;
                case quant::MxScaleRule::NvRoundUp:
                    s << tr("rule \"rceil\": e = ceil(log<sub>2</sub>(amax / %1)), the smallest power of two that "
                            "fits amax without clipping = <b>%2</b>").arg(num(max_elem)).arg(e);
                    break;
            }
            s << tr("E8M0 scale byte = e + 127 = %1 (%2); scale X = 2<sup>%3</sup> = <b>%4</b>")
                     .arg(r.scale_bytes.front()).arg(hex_byte(r.scale_bytes.front())).arg(e).arg(num(r.scales.front()));
            const double top = amax / r.scales.front();
            s << (top > max_elem
                      ? tr("the largest element amax / X = %1 is above %2's maximum %3: it is clipped to ±%3")
                            .arg(num(top), elem, num(max_elem))
                      : tr("the largest element amax / X = %1 fits under %2's maximum %3").arg(num(top), elem, num(max_elem)));
        }
        if (spec.kind == FormatKind::MxInt8)
            s << tr("each x / X is rounded to a multiple of 1/64 in [−127/64, 127/64] (code = 64 · element)");
        else
            s << tr("each x / X is rounded to the nearest %1 value (ties to even, saturating at ±%2)").arg(elem, num(max_elem));
        s << tr("dequantized = element · X");
    } else if (spec.kind == FormatKind::Nvfp4) {
        const double S = r.tensor_scale;
        const double sb = r.scales.front();
        s << tr("tensor amax T = max |x| over %1 = <b>%2</b>").arg(tensor_source, num(b.tensor_amax));
        s << tr("FP32 tensor scale S = T / (6 · 448) = <b>%1</b> (6: largest E2M1, 448: largest E4M3)").arg(num(S));
        s << tr("block amax A = max |x| over the 16 values = <b>%1</b>").arg(num(amax));
        s << tr("A / 6 / S = %1, rounded to E4M3 (byte %2): block scale = <b>%3</b>%4")
                 .arg(num(S > 0 ? amax / 6 / S : 0), hex_byte(r.scale_bytes.front()), num(sb),
                      amax == 0 ? tr(" (an all-zero block gets 1.0)") : QString());
        s << tr("element multiplier = block scale · S = <b>%1</b>").arg(num(b.multiplier));
        if (b.multiplier > 0) {
            // The E4M3 rounding of A / 6 / S can go down, and then the block's largest value clips.
            const double top = amax / b.multiplier;
            s << (top > 6 ? tr("the largest element A / (block scale · S) = %1 is above 6 (the block scale rounded "
                               "down): it is clipped to ±6").arg(num(top))
                          : tr("the largest element A / (block scale · S) = %1 fits under E2M1's maximum 6").arg(num(top)));
        }
        s << tr("each x / (block scale · S) is rounded to the nearest E2M1 value (ties to even, saturating at ±6)");
        s << tr("dequantized = element · block scale · S");
    } else {
        s << tr("absmax A = max |x| over the 64 values = <b>%1</b>").arg(num(r.scales.front()));
        s << tr("each x / A (in [−1, 1]) is replaced by the nearest of the 16 NF4 levels, quantiles of a normal "
                "distribution (a tie takes the lower code)");
        s << tr("dequantized = level · A");
    }
    return steps(s);
}

}  // namespace rs::gui
