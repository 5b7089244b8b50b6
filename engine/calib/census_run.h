// Internal to the census: run_census with a chosen bound on the activations it buffers before
// handing them to the threads (the tests force tiny buffers to cover the mid-window flushes).
#pragma once
#include <cstddef>

#include "calib/census.h"

namespace rs::census_detail {

// Activations are copied aside as the forward pass reports them and processed, one thread per
// site, once a window ends or this many values (128 MiB of floats) are waiting.
inline constexpr size_t kDefaultPendingValues = size_t{1} << 25;

Census run_census(Forward& forward, const CalibrationSet& calibration, const CensusConfig& config,
                  const Progress& progress, size_t max_pending_values);

}  // namespace rs::census_detail
