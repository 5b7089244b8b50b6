#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "backend/backend.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/json_io.h"

namespace rs::cli {

void add_devices_command(CLI::App& app, Action& action) {
    auto json_out = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("devices", "List the backends this machine has: the CPU and every CUDA device with its free memory");
    cmd->add_flag("--json", *json_out, "print JSON");
    cmd->callback([json_out, &action] {
        action = [json_out] {
            std::string why;
            const std::vector<CudaDeviceInfo> devices = cuda_devices(&why);
            const unsigned cores = std::thread::hardware_concurrency();
            if (*json_out) {
                nlohmann::json list = nlohmann::json::array();
                for (const CudaDeviceInfo& d : devices)
                    list.push_back({{"backend", fmt::format("cuda:{}", d.index)},
                                    {"name", d.name},
                                    {"free_bytes", d.free_bytes},
                                    {"total_bytes", d.total_bytes},
                                    {"compute_capability", fmt::format("{}.{}", d.sm_major, d.sm_minor)}});
                nlohmann::json j{{"cpu", {{"backend", "cpu"}, {"threads", cores}}}, {"cuda", list}};
                if (devices.empty()) j["cuda_unavailable"] = why;
                fmt::print("{}\n", dump_json(j, 2));
                return kExitOk;
            }
            fmt::print("cpu            {} hardware threads (the reference backend)\n", cores);
            for (const CudaDeviceInfo& d : devices) fmt::print("{:<14} {}\n", fmt::format("cuda:{}", d.index), describe_device(d));
            if (devices.empty()) fmt::print("cuda           not available: {}\n", why);
            return kExitOk;
        };
    });
}

}  // namespace rs::cli
