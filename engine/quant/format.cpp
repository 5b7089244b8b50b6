#include "quant/format.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <vector>

#include "core/error.h"
#include "core/untrusted_text.h"

namespace rs::quant {
namespace {

using M = Minifloat;
constexpr std::array<FormatTraits, kFormatKindCount> kTraits = {{
    {FormatKind::Int, "int", ElementType::Int, std::nullopt, 0, 0, ScaleType::Fp32, 0, false},
    {FormatKind::Fp8E4M3, "fp8_e4m3", ElementType::Minifloat, M::E4M3, 8, 0, ScaleType::Fp32, 8, false},
    {FormatKind::Fp8E5M2, "fp8_e5m2", ElementType::Minifloat, M::E5M2, 8, 0, ScaleType::Fp32, 15, false},
    {FormatKind::MxFp4, "mxfp4", ElementType::Minifloat, M::E2M1, 4, 32, ScaleType::E8M0, 2, true},
    {FormatKind::MxFp6E2M3, "mxfp6_e2m3", ElementType::Minifloat, M::E2M3, 6, 32, ScaleType::E8M0, 2, true},
    {FormatKind::MxFp6E3M2, "mxfp6_e3m2", ElementType::Minifloat, M::E3M2, 6, 32, ScaleType::E8M0, 4, true},
    {FormatKind::MxFp8E4M3, "mxfp8_e4m3", ElementType::Minifloat, M::E4M3, 8, 32, ScaleType::E8M0, 8, true},
    {FormatKind::MxFp8E5M2, "mxfp8_e5m2", ElementType::Minifloat, M::E5M2, 8, 32, ScaleType::E8M0, 15, true},
    {FormatKind::MxInt8, "mxint8", ElementType::Int, std::nullopt, 8, 32, ScaleType::E8M0, 0, true},
    {FormatKind::Nvfp4, "nvfp4", ElementType::Minifloat, M::E2M1, 4, 16, ScaleType::E4M3TimesFp32, 2, false},
    {FormatKind::Nf4, "nf4", ElementType::Nf4Codebook, std::nullopt, 4, 64, ScaleType::Fp32Absmax, 0, false},
}};

[[noreturn]] void bad(const std::string& text, const std::string& problem) {
    throw Error(ErrorKind::BadInput, fmt::format("format \"{}\": {}", printable(text), problem));
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t colon = s.find(':', start);
        out.push_back(s.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos) return out;
        start = colon + 1;
    }
}

bool parse_int(const std::string& s, int& out) {
    if (s.empty()) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_float(const std::string& s, float& out) {
    if (s.empty()) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

const char* rule_name(MxScaleRule r) {
    switch (r) {
        case MxScaleRule::Floor: return "floor";
        case MxScaleRule::Ceil: return "ceil";
        case MxScaleRule::Even: return "even";
        case MxScaleRule::NvRoundUp: return "rceil";
    }
    return "floor";
}

}  // namespace

const std::array<FormatTraits, kFormatKindCount>& format_traits_table() { return kTraits; }

const FormatTraits& format_traits(FormatKind kind) { return kTraits[static_cast<size_t>(kind)]; }

FormatSpec default_format_spec(FormatKind kind, int bits) {
    FormatSpec s;
    s.kind = kind;
    s.bits = kind == FormatKind::Int ? bits : format_traits(kind).element_bits;
    // Weights are what INT usually quantizes, per output channel; FP8 is usually per tensor.
    s.granularity = kind == FormatKind::Int ? Granularity::Channel : Granularity::Tensor;
    return s;
}

FormatSpec parse_format_spec(const std::string& text) {
    const auto parts = split(text);
    const std::string& name = parts[0];
    FormatSpec spec;
    if (name.rfind("int", 0) == 0) {
        int bits = 0;
        if (!parse_int(name.substr(3), bits)) bad(text, "unknown format \"" + printable(name) + "\"");
        if (bits != 2 && bits != 3 && bits != 4 && bits != 8)
            bad(text, fmt::format("INT has widths 2, 3, 4 and 8, not {}", bits));
        spec = default_format_spec(FormatKind::Int, bits);
    } else {
        const FormatTraits* found = nullptr;
        for (const auto& t : kTraits)
            if (t.kind != FormatKind::Int && name == t.name) found = &t;
        if (!found) bad(text, "unknown format \"" + printable(name) + "\"");
        spec = default_format_spec(found->kind);
    }
    const FormatTraits& traits = format_traits(spec.kind);
    const bool scaled = traits.block == 0;  // INT and FP8: granularity applies

    bool seen_grid = false, seen_sym = false, seen_gran = false, seen_clip = false, seen_rule = false, seen_static = false;
    for (size_t i = 1; i < parts.size(); ++i) {
        const std::string& o = parts[i];
        auto once = [&](bool& seen, const char* what) {
            if (seen) bad(text, fmt::format("{} given twice", what));
            seen = true;
        };
        auto only = [&](bool allowed, const char* who) {
            if (!allowed) bad(text, fmt::format("option \"{}\" applies to {} only", printable(o), who));
        };
        if (o.empty()) bad(text, "empty option");
        if (o == "sym" || o == "asym") {
            only(spec.kind == FormatKind::Int, "INT formats");
            once(seen_sym, "symmetry");
            spec.symmetric = o == "sym";
        } else if (o == "ct") {
            only(spec.kind == FormatKind::Int, "INT formats");
            once(seen_grid, "grid");
            spec.ct_grid = true;
        } else if (o == "tensor" || o == "channel" || o == "token" || (o[0] == 'g' && o.size() > 1 && std::isdigit(static_cast<unsigned char>(o[1])))) {
            only(scaled, "INT and FP8 formats (block formats have fixed blocks)");
            once(seen_gran, "granularity");
            if (o == "tensor") spec.granularity = Granularity::Tensor;
            else if (o == "channel") spec.granularity = Granularity::Channel;
            else if (o == "token") spec.granularity = Granularity::Token;
            else {
                int g = 0;
                if (!parse_int(o.substr(1), g) || g <= 0) bad(text, "group size \"" + printable(o) + "\" is not a positive integer");
                spec.granularity = Granularity::Group;
                spec.group = g;
            }
        } else if (o.rfind("clip", 0) == 0) {
            once(seen_clip, "clipping");
            float r = 0;
            if (!parse_float(o.substr(4), r) || !(r > 0.0f && r <= 1.0f))
                bad(text, "clip ratio \"" + printable(o.substr(4)) + "\" is not a number in (0, 1]");
            spec.clip_ratio = r;
        } else if (o == "mse") {
            once(seen_clip, "clipping");
            spec.mse_clip = true;
        } else if (o == "floor" || o == "ceil" || o == "even" || o == "rceil") {
            only(traits.mx, "MX formats");
            once(seen_rule, "scale rule");
            spec.mx_scale = o == "floor" ? MxScaleRule::Floor
                            : o == "ceil" ? MxScaleRule::Ceil
                            : o == "even" ? MxScaleRule::Even
                                          : MxScaleRule::NvRoundUp;
        } else if (o == "static") {
            only(traits.scale == ScaleType::E4M3TimesFp32, "NVFP4 (the format with a second-level tensor scale)");
            once(seen_static, "static");
            spec.static_scale = true;
        } else {
            bad(text, "unknown option \"" + printable(o) + "\"");
        }
    }
    if (spec.ct_grid && !spec.symmetric) bad(text, "option \"ct\" is a symmetric grid; it does not combine with asym");
    return spec;
}

std::string format_spec_name(const FormatSpec& spec) {
    const FormatTraits& traits = format_traits(spec.kind);
    std::string s = spec.kind == FormatKind::Int ? fmt::format("int{}", spec.bits) : traits.name;
    const FormatSpec def = default_format_spec(spec.kind, spec.bits);
    if (spec.kind == FormatKind::Int && spec.symmetric != def.symmetric) s += spec.symmetric ? ":sym" : ":asym";
    if (spec.ct_grid) s += ":ct";
    if (traits.block == 0 && spec.granularity != def.granularity) {
        switch (spec.granularity) {
            case Granularity::Tensor: s += ":tensor"; break;
            case Granularity::Channel: s += ":channel"; break;
            case Granularity::Token: s += ":token"; break;
            case Granularity::Group: s += fmt::format(":g{}", spec.group); break;
        }
    }
    if (spec.mse_clip) s += ":mse";
    else if (spec.clip_ratio != 1.0f) s += fmt::format(":clip{}", spec.clip_ratio);  // shortest round-trip
    if (traits.mx && spec.mx_scale != def.mx_scale) s += std::string(":") + rule_name(spec.mx_scale);
    if (spec.static_scale) s += ":static";
    return s;
}

}  // namespace rs::quant
