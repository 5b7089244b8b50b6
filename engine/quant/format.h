// The quantization number formats of the workbench, their fixed properties (one traits table
// indexed by FormatKind) and the user-chosen options (FormatSpec), with a parser for strings
// such as "int4:g128", "int8:asym:token", "mxfp4:ceil", "nvfp4".
//
// Grammar: <name>[:<option>]... with
//   name    int2 | int3 | int4 | int8 | fp8_e4m3 | fp8_e5m2 | mxfp4 | mxfp6_e2m3 | mxfp6_e3m2 |
//           mxfp8_e4m3 | mxfp8_e5m2 | mxint8 | nvfp4 | nf4
//   options (each kind of option at most once)
//     sym | asym                      INT only (default sym)
//     ct                              INT symmetric only: compressed-tensors' grid, codes
//                                     -2^(b-1)..2^(b-1)-1 with amax at 2^(b-1)-1/2 steps (INT4:
//                                     amax/7.5, codes -8..7) instead of QuaRot's (amax/7, -7..7)
//     tensor | channel | token | g<N> INT and FP8 (defaults: INT channel, FP8 tensor)
//     clip<R>, 0 < R <= 1             every format: scale from R * amax
//     mse                             every format: search the clip ratio (see fake_quant.h)
//     floor | ceil | even | rceil     MX only: shared-scale rule (default floor, the OCP rule)
//     static                          NVFP4 activations only: the FP32 second-level scale is
//                                     calibrated once per linear input (max |x| over the
//                                     calibration windows), as vLLM's input_global_scale is,
//                                     instead of taken from each activation tensor as it comes
// The block formats (MX, NVFP4, NF4) have fixed blocks and take no granularity option.
#pragma once
#include <array>
#include <optional>
#include <string>

#include "quant/minifloat.h"

namespace rs::quant {

enum class FormatKind {
    Int, Fp8E4M3, Fp8E5M2, MxFp4, MxFp6E2M3, MxFp6E3M2, MxFp8E4M3, MxFp8E5M2, MxInt8, Nvfp4, Nf4
};
inline constexpr int kFormatKindCount = 11;

enum class ScaleType {
    Fp32,           // INT, FP8: one float per granule (tensor / row / group)
    E8M0,           // MX: power-of-two shared scale per 32 elements
    E4M3TimesFp32,  // NVFP4: E4M3 per 16 elements times one FP32 per tensor
    Fp32Absmax,     // NF4: the block's absmax
};

enum class ElementType { Int, Minifloat, Nf4Codebook };

struct FormatTraits {
    FormatKind kind;
    const char* name;          // as written in format strings; "int" takes its width ("int4")
    ElementType element_type;
    std::optional<Minifloat> minifloat;  // the element format when element_type == Minifloat
    int element_bits;          // 0: set by FormatSpec::bits (INT)
    int block;                 // fixed block length along a row; 0: from FormatSpec granularity
    ScaleType scale;
    int emax_elem;             // MX: exponent of the element's largest power of two (INT8: 0)
    bool mx;
};

const std::array<FormatTraits, kFormatKindCount>& format_traits_table();
const FormatTraits& format_traits(FormatKind kind);

enum class Granularity { Tensor, Channel, Group, Token };

// Floor: OCP MX v1.0 (floor(log2 amax) - emax_elem). Ceil: ceil(log2 amax) - emax_elem (torchao
// CEIL). Even: round amax's mantissa to the element's mantissa width first (torchao EVEN,
// compressed-tensors, AMD Quark). NvRoundUp: smallest power of two >= amax / max_elem (torchao
// RCEIL, cuBLAS, ModelOpt MXFP4); never clips.
enum class MxScaleRule { Floor, Ceil, Even, NvRoundUp };

struct FormatSpec {
    FormatKind kind = FormatKind::Int;
    int bits = 4;                  // INT only: 2, 3, 4 or 8
    bool symmetric = true;         // INT only
    bool ct_grid = false;          // INT symmetric only: compressed-tensors' full-range grid
    Granularity granularity = Granularity::Channel;  // INT and FP8
    int group = 0;                 // Granularity::Group: elements per group along a row
    float clip_ratio = 1.0f;
    bool mse_clip = false;
    MxScaleRule mx_scale = MxScaleRule::Floor;
    // A second-level (tensor) scale calibrated ahead of time (quant/act_quant.h ActivationRanges)
    // instead of computed from the tensor at hand; formats with ScaleType::E4M3TimesFp32 only.
    bool static_scale = false;

    bool operator==(const FormatSpec&) const = default;
};

// The spec a bare format name means (e.g. FP8 defaults to per-tensor, INT to per-channel).
FormatSpec default_format_spec(FormatKind kind, int bits = 4);
// Throws Error{BadInput} with a one-line message for unknown names, widths or options.
FormatSpec parse_format_spec(const std::string& text);
// Shortest string that parses back to `spec` (options equal to the defaults are left out).
std::string format_spec_name(const FormatSpec& spec);

}  // namespace rs::quant
