// Offline (fused) rotations of a whole Model, QuaRot/SpinQuant style (research/methods.md §1):
// RMSNorm weights folded into the linears that read them, then R1 over the residual stream and
// R2 per attention head over the V/O path. The fused model computes the same function as the
// original (up to fp32 rounding of the stored weights); only its weights and hidden residual
// basis change, which is what makes the activations quantization friendly.
// R3 (Q/K after RoPE) and R4 (down_proj input) are online: the fused model records them in
// Model::online and the forward pass applies them; R4's inverse is fused into down_proj here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "model/model.h"
#include "rotate/online_rotation.h"
#include "rotate/rotation.h"

namespace rs {

struct FusePlan {
    RotationSpec r1;  // d_model x d_model, the residual stream
    bool r1_on = false;
    RotationSpec r2;  // head_dim x head_dim, the same for every head and layer
    bool r2_on = false;
    RotationSpec r3;  // head_dim x head_dim on Q and K after RoPE, online (cancels in QKᵀ)
    bool r3_on = false;
    RotationSpec r4;  // d_ff x d_ff on the down_proj input, online; down_proj <- down_proj·R4
    bool r4_on = false;
    bool any() const { return r1_on || r2_on || r3_on || r4_on; }
    bool operator==(const FusePlan&) const = default;
};

// What was applied, for reports and file metadata (the seeds are in the specs).
struct FuseReport {
    FusePlan plan;
    int64_t r1_order = 0;  // d_model when R1 was applied, else 0
    int64_t r2_order = 0;  // head_dim when R2 was applied, else 0
    int64_t r3_order = 0;  // head_dim when R3 was set, else 0
    int64_t r4_order = 0;  // d_ff when R4 was applied, else 0
    int norms_folded = 0;  // RMSNorm weight vectors replaced by ones
    std::string summary() const;  // "R1 rhadamard:seed=0 (576), R2 hadamard (64)"
};

// The four placements as one table (QuaRot/SpinQuant's R1..R4): where each acts, the dimension of
// its order, whether the forward pass applies it online, and the FusePlan/FuseReport members that
// hold it. Validation, fusion reports, recipe parsing and naming, and run reports iterate it.
enum class Placement : uint8_t { R1, R2, R3, R4 };

struct PlacementTraits {
    Placement placement;
    const char* key;    // "r1": the recipe key and report field stem
    const char* name;   // "R1"
    const char* dim;    // "d_model": what its order is
    bool online;        // applied to activations by the forward pass (R3, R4)
    bool per_layer;     // may differ per layer: a file:PATH holding one matrix per layer (R2, learned)
    RotationSpec FusePlan::*spec;
    bool FusePlan::*on;
    int64_t FuseReport::*order;
    int64_t (*order_of)(const ModelConfig&);
};

inline constexpr PlacementTraits kPlacements[] = {
    {Placement::R1, "r1", "R1", "d_model", false, false, &FusePlan::r1, &FusePlan::r1_on, &FuseReport::r1_order,
     [](const ModelConfig& c) -> int64_t { return c.d_model; }},
    {Placement::R2, "r2", "R2", "head_dim", false, true, &FusePlan::r2, &FusePlan::r2_on, &FuseReport::r2_order,
     [](const ModelConfig& c) -> int64_t { return c.head_dim; }},
    {Placement::R3, "r3", "R3", "head_dim", true, false, &FusePlan::r3, &FusePlan::r3_on, &FuseReport::r3_order,
     [](const ModelConfig& c) -> int64_t { return c.head_dim; }},
    {Placement::R4, "r4", "R4", "d_ff", true, false, &FusePlan::r4, &FusePlan::r4_on, &FuseReport::r4_order,
     [](const ModelConfig& c) -> int64_t { return c.d_ff; }},
};

constexpr const PlacementTraits& placement_traits(Placement p) { return kPlacements[static_cast<size_t>(p)]; }

// Whether any placement that is on draws from a seed; the seed of the first one, -1 when none.
bool has_random_placement(const FusePlan& p);
int first_random_seed(const FusePlan& p);

// Multiplies every RMSNorm weight into the input columns of the linears reading that norm
// (attn_norm -> q,k,v; ffn_norm -> gate,up; out_norm -> lm_head) and sets the weights to 1.
// Qwen3's q_norm/k_norm are left alone: they act per head on the projections' outputs.
void fold_norms(Model& model);

// A new model with the norms folded and the planned rotations fused, computed in float64 and
// stored in fp32; R3/R4 are recorded in Model::online. BadInput (one line, before any work) when
// a rotation has no matrix of the needed order, the model's shapes are inconsistent, or the
// input model already carries online rotations. Reports ("fuse", layer, n_layers).
Model fuse_rotations(const Model& in, const FusePlan& plan, const Progress& progress = {},
                     FuseReport* report = nullptr);

// The checks fuse_rotations makes before any work, alone (recipes are validated before a run).
void check_fuse_plan(const ModelConfig& cfg, const FusePlan& plan);

// The plan's rotations prepared once, applied piece by piece: fuse_rotations runs it over a whole
// Model, the layer-by-layer engine over each layer as it is read. Same bits either way.
class LayerFuser {
public:
    // BadInput (check_fuse_plan) before any rotation is built.
    LayerFuser(const ModelConfig& cfg, const FusePlan& plan);
    ~LayerFuser();
    // Norms folded, R1/R2/R4 fused into decoder layer l's weights, in place.
    void layer(int l, Layer& L) const;
    // Rows of the embedding table (x·R1), in place.
    void embedding_rows(MatrixRM& rows) const;
    // Rows of the LM head: the output norm folded, R1 on the input side, in place.
    void head(Linear& head_rows, const VectorF& out_norm) const;
    // What the forward pass applies online (R3, R4).
    OnlineRotations online() const;
    void fill_report(FuseReport& report) const;

private:
    ModelConfig cfg_;
    FusePlan plan_;
    std::optional<PreparedRotation> q1_, r2_, q4_;
    std::vector<PreparedRotation> r2_layers_;  // R2 from a file with one matrix per layer
};

}  // namespace rs
