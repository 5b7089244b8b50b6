// Backend names as users write them, and what they come to on this machine.
#include <fmt/format.h>

#include <charconv>

#include "backend/backend.h"
#include "core/error.h"
#include "core/untrusted_text.h"

namespace rs {

std::string BackendSpec::text() const {
    if (kind != "cuda") return kind;
    return device_given || device != 0 ? fmt::format("cuda:{}", device) : std::string("cuda");
}

BackendSpec parse_backend_spec(const std::string& text, const std::string& where) {
    BackendSpec s;
    if (text == "cpu") return s;
    s.kind = "cuda";
    if (text == "cuda") return s;
    if (text.rfind("cuda:", 0) == 0) {
        const char* first = text.data() + 5;
        const char* last = text.data() + text.size();
        int n = -1;
        const auto [end, ec] = std::from_chars(first, last, n);
        if (ec == std::errc() && end == last && first != last && n >= 0 && n < 1024) {
            s.device = n;
            s.device_given = true;
            return s;
        }
    }
    fail_input(where, fmt::format("unknown backend {} (cpu, cuda or cuda:N)", in_quotes(text)));
}

std::string describe_device(const CudaDeviceInfo& d) {
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    return fmt::format("{}, {:.1f} of {:.1f} GiB free, sm_{}{}", d.name, static_cast<double>(d.free_bytes) / kGiB,
                       static_cast<double>(d.total_bytes) / kGiB, d.sm_major, d.sm_minor);
}

BackendResolution resolve_backend(const std::string& text, const std::string& where) {
    const BackendSpec spec = parse_backend_spec(text, where);
    BackendResolution r{spec.text(), {}, {}};
    if (spec.kind == "cpu") return r;
    std::string why;
    const std::vector<CudaDeviceInfo> devices = cuda_devices(&why);
    if (spec.device < static_cast<int>(devices.size())) {
        r.device = describe_device(devices[static_cast<size_t>(spec.device)]);
        return r;
    }
    if (devices.empty())
        r.note = fmt::format("{} is not available ({}): running on the cpu backend", spec.text(), why);
    else
        r.note = fmt::format("{} is not available ({} CUDA device{}): running on the cpu backend", spec.text(), devices.size(),
                             devices.size() == 1 ? "" : "s");
    r.spec = "cpu";
    return r;
}

std::unique_ptr<Backend> make_backend(const std::string& text, const std::string& where) {
    const BackendSpec spec = parse_backend_spec(text, where);
    if (spec.kind == "cpu") return make_cpu_backend();
    std::string why;
    const std::vector<CudaDeviceInfo> devices = cuda_devices(&why);
    if (devices.empty()) fail_input(where, fmt::format("{} is not available: {}", spec.text(), why));
    if (spec.device >= static_cast<int>(devices.size()))
        fail_input(where, fmt::format("{} is not available: this machine has {} CUDA device{}", spec.text(), devices.size(),
                                      devices.size() == 1 ? "" : "s"));
    return make_cuda_backend(spec.device);
}

}  // namespace rs
