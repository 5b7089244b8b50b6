#include "core/limits.h"

#include "core/error.h"

namespace rs {

int64_t check_limit(Limit l, int64_t value, const std::string& file, const std::string& what, bool positive) {
    const LimitInfo& info = limit_info(l);
    if (positive && value < 1) fail_input(file, what + " must be positive, but is " + std::to_string(value));
    if (value > info.max)
        fail_input(file, what + " is " + std::to_string(value) + ", above Rotoscope's limit of " + std::to_string(info.max) +
                             " (" + info.name + ")");
    return value;
}

}  // namespace rs
