// Errors carry a kind that the CLI maps to its exit code:
// BadInput -> 2 (a file or argument the user can fix), Runtime -> 1, Cancelled -> 130.
#pragma once
#include <stdexcept>
#include <string>

namespace rs {

enum class ErrorKind { BadInput, Runtime, Cancelled };

// Every message is one line by construction: a control character that reached it from a file
// (a tensor name, a recipe key, a path) is written as \xNN, so that no file can break a message
// into several lines or send escape sequences to a terminal. Code that quotes a file's text
// also bounds it (core/untrusted_text.h).
inline std::string one_line(std::string message) {
    static const char* hex = "0123456789abcdef";
    for (size_t i = 0; i < message.size(); ++i) {
        const auto c = static_cast<unsigned char>(message[i]);
        if (c >= 0x20 && c != 0x7f) continue;
        message.replace(i, 1, std::string{'\\', 'x', hex[c >> 4], hex[c & 15]});
        i += 3;
    }
    return message;
}

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(one_line(message)), kind_(kind) {}
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
