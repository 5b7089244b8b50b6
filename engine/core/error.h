// Errors carry a kind that the CLI maps to its exit code:
// BadInput -> 2 (a file or argument the user can fix), Runtime -> 1, Cancelled -> 130.
#pragma once
#include <stdexcept>
#include <string>

namespace rs {

enum class ErrorKind { BadInput, Runtime, Cancelled };

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

// "<file>: <problem>" is the shape of every user-facing error about a file.
[[noreturn]] inline void fail_input(const std::string& file, const std::string& problem) {
    throw Error(ErrorKind::BadInput, file.empty() ? problem : file + ": " + problem);
}
[[noreturn]] inline void fail_runtime(const std::string& message) {
    throw Error(ErrorKind::Runtime, message);
}

}  // namespace rs
