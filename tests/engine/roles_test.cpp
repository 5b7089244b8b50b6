// The role and linear-input tables against a model built without them: every linear's shape is
// the table's (out width, input width), every input's readers are the roles that name it, and the
// tables name each Layer member exactly once.
#include <gtest/gtest.h>

#include <set>

#include "calib/census.h"
#include "model/roles.h"
#include "rotate/smooth.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

TEST(Roles, ShapesOfEveryArchitectureMatchTheTable) {
    for (Arch arch : {Arch::Llama, Arch::Qwen2, Arch::Qwen3}) {
        const ModelConfig c = testing::tiny_config(arch);  // 4 query heads, 2 KV heads
        const Model m = testing::random_model(c, 3);
        for (int l = 0; l < c.n_layers; ++l)
            for (const RoleTraits& r : kLayerRoles) {
                const Linear& lin = linear_of(m, l, r);
                EXPECT_EQ(lin.out(), r.out_width(c)) << arch_name(arch) << " " << r.name;
                EXPECT_EQ(lin.in(), input_traits(r.input).width(c)) << arch_name(arch) << " " << r.name;
            }
        const RoleTraits& head = role_traits(Role::LmHead);
        EXPECT_EQ(&linear_of(m, -1, head), &m.lm_head);
        EXPECT_EQ(m.lm_head.out(), head.out_width(c));
    }
}

TEST(Roles, EveryLayerLinearOnceAndInForwardOrder) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 1);
    std::set<const Linear*> members;
    for (const RoleTraits& r : kLayerRoles) EXPECT_TRUE(members.insert(&linear_of(m, 0, r)).second) << r.name;
    EXPECT_EQ(members.size(), 7u);
    // The forward pass reads the inputs in this order within a layer.
    LinearInput last = LinearInput::QKV;
    for (const RoleTraits& r : kLayerRoles) {
        EXPECT_GE(static_cast<int>(r.input), static_cast<int>(last)) << r.name;
        last = r.input;
    }
    EXPECT_STREQ(role_name(Role::FfnDown), "down_proj");
    EXPECT_STREQ(linear_input_name(LinearInput::GateUp), "gate_up");
}

TEST(Roles, ReadersAndNormsOfEachInput) {
    EXPECT_STREQ(input_readers(LinearInput::QKV), "q_proj,k_proj,v_proj");
    EXPECT_STREQ(input_readers(LinearInput::O), "o_proj");
    EXPECT_STREQ(input_readers(LinearInput::GateUp), "gate_proj,up_proj");
    EXPECT_STREQ(input_readers(LinearInput::Down), "down_proj");
    EXPECT_STREQ(input_readers(LinearInput::LmHead), "lm_head");
    // Only the residual-reading inputs have a norm in front; only o and down write the residual.
    for (const LinearInputTraits& in : kLinearInputs) {
        const bool reads_residual = in.input == LinearInput::QKV || in.input == LinearInput::GateUp;
        EXPECT_EQ(in.norm != nullptr, reads_residual) << in.name;
    }
    for (const RoleTraits& r : kRoles)
        EXPECT_EQ(r.writes_residual, r.role == Role::AttnO || r.role == Role::FfnDown) << r.name;
}

TEST(Roles, CensusAndSmoothingSitesAreLinearInputs) {
    const ModelConfig c = testing::tiny_config(Arch::Llama);
    for (const CensusSiteTraits& t : kCensusSites) {
        if (!t.linear_input) continue;
        EXPECT_EQ(census_site_width(c, t.site), input_traits(t.input).width(c)) << t.name;
        EXPECT_STREQ(census_site_readers(t.site), input_readers(t.input)) << t.name;
    }
    EXPECT_EQ(census_site_width(c, CensusSite::Residual), c.d_model);
    std::set<LinearInput> smoothed;
    for (const SmoothSiteTraits& s : kSmoothSites) EXPECT_TRUE(smoothed.insert(s.input).second) << s.name;
    EXPECT_EQ(smoothed, (std::set<LinearInput>{LinearInput::QKV, LinearInput::GateUp, LinearInput::Down}));
}

}  // namespace
}  // namespace rs
