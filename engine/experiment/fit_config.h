// The configuration of a rotation fit: everything that decides a fitted R1 (and R2): the model,
// the method (DFRot's Procrustes refinement or SpinQuant's Cayley SGD), the formats the rotation
// is fitted for, the start, the block structure, the method's options and the calibration set.
// `rotoscope-cli fit-rotation` / `learn-rotation` build it, pipeline/fit_rotation.h runs it, and
// the fit report stores it (meta/config_json), so that the report says how to fit the same
// rotation again:
//
//   { "kind": "rotoscope-fit", "model": "default", "backend": "cpu", "method": "cayley",
//     "a": "int4:token", "kv": null, "start": "rhadamard:seed=0", "block": 0,
//     "calibration": { "corpus": "wikitext2-train", "windows": 100, "ctx": 512, "seed": 0 },
//     "cayley": { "steps": 100, "lr": 1.5, "learn_r2": true, "eval_windows": 4,
//                 "r3": "none", "r4": "rhadamard:seed=0" } }
//
// "procrustes" holds { "rounds": 100, "alpha": 100, "tokens": 2048 } instead (DFRot's defaults);
// only the chosen method's object is written. Unknown keys are errors.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "experiment/recipe.h"
#include "quant/format.h"
#include "rotate/rotation_spec.h"

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace rs {

// The ways a rotation is fitted, one row each: the key a configuration writes, the command that
// runs it, and the title a user reads ("FitMethod" context for the GUI).
enum class FitMethod : uint8_t { Procrustes, Cayley };
struct FitMethodTraits {
    FitMethod method;
    const char* key;      // "procrustes"
    const char* command;  // "fit-rotation"
    const char* title;
};
inline constexpr FitMethodTraits kFitMethods[] = {
    {FitMethod::Procrustes, "procrustes", "fit-rotation", QT_TRANSLATE_NOOP("FitMethod", "Refined R1 (DFRot's Procrustes)")},
    {FitMethod::Cayley, "cayley", "learn-rotation", QT_TRANSLATE_NOOP("FitMethod", "Learned R1 and R2 (SpinQuant's Cayley SGD)")},
};
const FitMethodTraits& fit_method_traits(FitMethod m);

struct ProcrustesSettings {
    int rounds = 100;        // DFRot's defaults
    double alpha = 100.0;    // weight of the rows whose token carries a massive activation
    int64_t tokens = 2048;   // calibration tokens used (whole windows)
    bool operator==(const ProcrustesSettings&) const = default;
};

struct CayleySettings {
    int steps = 100;         // SpinQuant's defaults
    double lr = 1.5;
    bool learn_r2 = true;
    int eval_windows = 4;    // mean loss of the start and the result on the first N windows
    RotationSpec r3{RotationKind::Hadamard, 0, 0, {}, {}}, r4{RotationKind::Hadamard, 0, 0, {}, {}};  // online while learning
    bool operator==(const CayleySettings&) const = default;
};

struct FitConfig {
    std::string model = "default";
    std::string backend = "cpu";
    FitMethod method = FitMethod::Procrustes;
    quant::FormatSpec activations;          // per token / per block along the row
    std::optional<quant::FormatSpec> kv;    // Cayley: the KV cache's format while learning
    RotationSpec start{RotationKind::RandomHadamard, 0, 0, {}, {}};  // rhadamard:seed=N or none
    int block = 0;                          // R1 block-diagonal with blocks of this size (0: dense)
    CalibrationSettings calibration;        // defaults per method: default_fit_calibration()
    ProcrustesSettings procrustes;
    CayleySettings cayley;
    bool operator==(const FitConfig&) const = default;
};

// DFRot: one window of 2048 tokens; SpinQuant-style here: 100 windows of 512 (one per step).
CalibrationSettings default_fit_calibration(FitMethod m);

nlohmann::json fit_config_to_json(const FitConfig& c);
// BadInput "<where>: ..." (one line) for anything malformed: unknown keys, formats, a start that
// is not rhadamard/none, options out of range.
FitConfig fit_config_from_json(const nlohmann::json& j, const std::string& where);

// The checks that need no model: the start's kind, per-token activation formats, "--no-r2"-style
// conflicts. BadInput "<where>: ...".
void check_fit_config(const FitConfig& c, const std::string& where);

}  // namespace rs
