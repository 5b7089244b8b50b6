// A LayerSource whose layers come out rotated: each layer read from the source below is copied
// and fused (rotate/fuse.h LayerFuser) as it is asked for, the embedding rows and the LM head
// rows likewise, so that a rotated model exists one layer at a time.
#pragma once
#include <memory>

#include "model/layer_source.h"
#include "rotate/fuse.h"

namespace rs {

// BadInput before any work for a plan the model cannot take (check_fuse_plan), or a source that
// is already rotated. `base` must outlive the result.
std::unique_ptr<LayerSource> fused_layers(LayerSource& base, const FusePlan& plan, FuseReport* report = nullptr);

}  // namespace rs
