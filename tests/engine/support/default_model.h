// The bundled default model, loaded once per test binary with a CPU forward pass, for the tests
// that run it (scripts/fetch-model.sh fetches it).
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "backend/backend.h"
#include "model/loader.h"
#include "runtime/forward.h"
#include "tokenizer/tokenizer.h"

namespace rs::testing {

struct LoadedDefaultModel {
    Model model;
    std::unique_ptr<Tokenizer> tok;
    std::unique_ptr<Backend> backend;
    std::unique_ptr<Forward> fwd;
};

inline LoadedDefaultModel& default_model() {
    static LoadedDefaultModel l = [] {
        LoadedDefaultModel x;
        x.model = load_model("default");
        x.tok = make_tokenizer(x.model.tokenizer);
        x.backend = make_cpu_backend();
        x.fwd = std::make_unique<Forward>(x.model, *x.backend);
        return x;
    }();
    return l;
}

// Fails (never skips) when the model is missing.
class DefaultModelTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(default_model_path())) << default_model_path() << " is missing: run scripts/fetch-model.sh";
    }
};

}  // namespace rs::testing
