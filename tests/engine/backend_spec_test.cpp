// Backend names (cpu, cuda, cuda:N) and what they come to on this machine: the strict factory
// refuses a device that is not there; the resolution the CLI and GUI use falls back to the cpu
// with one line saying why.
#include <gtest/gtest.h>

#include "backend/backend.h"
#include "core/error.h"

namespace rs {
namespace {

TEST(BackendSpec, ParsesCpuCudaAndCudaN) {
    EXPECT_EQ(parse_backend_spec("cpu", "x").kind, "cpu");
    EXPECT_EQ(parse_backend_spec("cuda", "x").kind, "cuda");
    EXPECT_EQ(parse_backend_spec("cuda", "x").device, 0);
    EXPECT_EQ(parse_backend_spec("cuda", "x").text(), "cuda");
    EXPECT_EQ(parse_backend_spec("cuda:0", "x").text(), "cuda:0");
    EXPECT_EQ(parse_backend_spec("cuda:3", "x").device, 3);
    EXPECT_EQ(parse_backend_spec("cuda:3", "x").text(), "cuda:3");
    for (const char* bad : {"gpu", "CUDA", "cuda:", "cuda:-1", "cuda:x", "cuda:1x", "cuda:01a", "cuda:99999", "cpu:0", ""}) {
        try {
            parse_backend_spec(bad, "--backend");
            ADD_FAILURE() << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            EXPECT_NE(std::string(e.what()).find("--backend: unknown backend"), std::string::npos) << e.what();
        }
    }
}

TEST(BackendSpec, ACudaDeviceThatIsNotThereFallsBackWithOneLine) {
    std::string why;
    const std::vector<CudaDeviceInfo> devices = cuda_devices(&why);
    if (devices.empty()) EXPECT_FALSE(why.empty());
    for (const CudaDeviceInfo& d : devices) {
        EXPECT_FALSE(d.name.empty());
        EXPECT_GT(d.total_bytes, 0);
        EXPECT_LE(d.free_bytes, d.total_bytes);
    }
    const std::string absent = "cuda:" + std::to_string(devices.size());
    const BackendResolution r = resolve_backend(absent);
    EXPECT_EQ(r.spec, "cpu");
    EXPECT_EQ(r.note.find(absent + " is not available ("), 0u) << r.note;
    EXPECT_NE(r.note.find("running on the cpu backend"), std::string::npos) << r.note;
    EXPECT_EQ(r.note.find('\n'), std::string::npos);
    EXPECT_TRUE(r.device.empty());
    try {
        make_backend(absent, "config");
        ADD_FAILURE() << "made a backend for " << absent;
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("config: " + absent + " is not available"), std::string::npos) << e.what();
    }
    const BackendResolution cpu = resolve_backend("cpu");
    EXPECT_EQ(cpu.spec, "cpu");
    EXPECT_TRUE(cpu.note.empty());
    EXPECT_EQ(make_backend("cpu")->name(), "cpu");
    if (!devices.empty()) {
        const BackendResolution first = resolve_backend("cuda");
        EXPECT_EQ(first.spec, "cuda");
        EXPECT_TRUE(first.note.empty());
        EXPECT_EQ(first.device, describe_device(devices[0]));
        EXPECT_EQ(make_backend("cuda:0")->name(), "cuda:0");
    }
}

TEST(BackendSpec, DescribesADevice) {
    const CudaDeviceInfo d{0, "NVIDIA H100 80GB HBM3", 80LL << 30, 80LL << 30, 9, 0};
    EXPECT_EQ(describe_device(d), "NVIDIA H100 80GB HBM3, 80.0 of 80.0 GiB free, sm_90");
}

}  // namespace
}  // namespace rs
