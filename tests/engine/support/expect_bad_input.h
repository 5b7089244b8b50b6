// The refusal every engine entry point owes bad input: a BadInput error whose message is one line
// (and, when asked, names what was refused).
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/error.h"

namespace rs::testing {

// `what` describes the case for failure messages; `says`, when given, must appear in the message.
inline void expect_bad_input(const std::function<void()>& f, const char* what, const char* says = nullptr) {
    try {
        f();
        ADD_FAILURE() << "accepted: " << what;
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << what;
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
        if (says) EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << what << ": " << e.what();
    }
}

}  // namespace rs::testing
