// The format lab's arithmetic: one block through rs::quant::fake_quant (codes included), and what
// the lab draws around it: the element multiplier, the grid of every value the format can give
// the block, and the codes as text. Only fake_quant decides the numbers; the grid comes from the
// element definitions (INT range, minifloat decoding, MXINT8 steps, NF4 levels).
#pragma once
#include <QString>
#include <cstdint>
#include <vector>

#include "quant/fake_quant.h"

namespace rs::gui {

struct LabBlock {
    std::vector<float> x;   // the block, padded with zeros to the block length
    int real = 0;           // leading entries that came from the source (the rest is padding)
    float tensor_amax = 0;  // NVFP4: amax of the whole source tensor
    quant::FormatSpec spec; // as quantized: INT/FP8 take one scale over the block
    quant::QuantResult result;  // of the block only (dequant/codes x.size(), one scale)
    double multiplier = 0;  // what a code's element value is multiplied by (see element_multiplier)
    int zero_point = 0;     // INT asymmetric
};

// Quantizes `block` as one row. INT and FP8 get one scale over the block (per-row granularity);
// the block formats use their own block, which must equal block.size(). For NVFP4 the tensor
// scale comes from `tensor_amax` (when above the block's own amax) as it would inside the whole
// tensor: a second row carrying that amax is quantized along and dropped.
// Throws rs::Error (BadInput) as fake_quant does.
LabBlock quantize_block(std::vector<float> block, int real, const quant::FormatSpec& spec, float tensor_amax);

// INT/FP8 s, MX 2^e, NVFP4 block scale · tensor scale, NF4 absmax (0 for an all-zero INT/FP8 block).
double element_multiplier(const quant::FormatSpec& spec, const quant::QuantResult& result);

// The distinct element values of the format (signed zeros merged, NaN and Inf left out), ascending,
// times `multiplier`; INT asymmetric codes q give (q - zero_point) · multiplier.
std::vector<double> format_grid(const quant::FormatSpec& spec, double multiplier, int zero_point = 0);

// Minifloat codes as their bit fields "S EE M" (sign, exponent, mantissa), INT and MXINT8 codes
// as signed integers, NF4 as the code number.
QString code_text(const quant::FormatSpec& spec, int32_t code);

// The block's element type in words, e.g. "E2M1", "INT4", "NF4 codebook".
QString element_name(const quant::FormatSpec& spec);

}  // namespace rs::gui
