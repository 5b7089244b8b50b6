// The rotation kinds as one table: the name a recipe writes, whether the kind draws from a seed,
// whether it takes a block size, and the title a user reads. Parsing, naming, the GUI's kind
// lists and the seed sweeps of a matrix iterate it; a new kind is one row here plus its
// construction (rotation_matrix) and its fast application (PreparedRotation).
#pragma once
#include <iterator>

#include "rotate/rotation_spec.h"

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace rs {

struct RotationKindTraits {
    RotationKind kind;
    const char* name;   // "rhadamard"; block kinds are written "block32" or "block:32"
    bool random;        // drawn from a seed (":seed=N"; matrices sweep their seeds)
    bool takes_block;   // has a block size
    bool takes_path;    // names a file holding the matrix ("file:PATH")
    bool dense;         // applied as a dense product (no fast transform)
    const char* title;  // for menus; translated by the GUI in the "RotationKind" context
};

inline constexpr RotationKindTraits kRotationKinds[] = {
    {RotationKind::Identity, "none", false, false, false, false, QT_TRANSLATE_NOOP("RotationKind", "none")},
    {RotationKind::Hadamard, "hadamard", false, false, false, false, QT_TRANSLATE_NOOP("RotationKind", "Hadamard")},
    {RotationKind::RandomHadamard, "rhadamard", true, false, false, false, QT_TRANSLATE_NOOP("RotationKind", "random Hadamard")},
    {RotationKind::BlockHadamard, "block", false, true, false, false, QT_TRANSLATE_NOOP("RotationKind", "block Hadamard")},
    {RotationKind::RandomOrthogonal, "orthogonal", true, false, false, true, QT_TRANSLATE_NOOP("RotationKind", "random orthogonal")},
    {RotationKind::File, "file", false, false, true, true, QT_TRANSLATE_NOOP("RotationKind", "from a file")},
};

constexpr bool rotation_kinds_in_enum_order() {
    for (size_t i = 0; i < std::size(kRotationKinds); ++i)
        if (static_cast<size_t>(kRotationKinds[i].kind) != i) return false;
    return true;
}
static_assert(rotation_kinds_in_enum_order(), "rows in enum order: the table is indexed by RotationKind");

constexpr const RotationKindTraits& rotation_traits(RotationKind k) { return kRotationKinds[static_cast<size_t>(k)]; }
constexpr bool is_random(const RotationSpec& s) { return rotation_traits(s.kind).random; }

}  // namespace rs
