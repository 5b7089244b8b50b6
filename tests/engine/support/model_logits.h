// The logits of a whole token sequence (one prefill, no cache) and the error measure the
// invariance tests compare them with.
#pragma once
#include <vector>

#include "backend/backend.h"
#include "runtime/forward.h"

namespace rs::testing {

inline MatrixRM logits_of(const Model& m, const std::vector<int32_t>& ids) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM hidden, logits;
    fwd.hidden(ids, nullptr, hidden);
    fwd.logits(hidden, logits);
    return logits;
}

// max |got - want| / max |want|
inline double max_rel_error(const MatrixRM& got, const MatrixRM& want) {
    return (got - want).cwiseAbs().maxCoeff() / want.cwiseAbs().maxCoeff();
}

}  // namespace rs::testing
