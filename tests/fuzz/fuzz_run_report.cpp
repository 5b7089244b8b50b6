// An HDF5 run report (quantize, compare), as `report` and the GUI's File > Open read it.
#include "fuzz_support.h"
#include "report/run_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string path = rs::fuzz::write_scratch("run.h5", {reinterpret_cast<const char*>(data), size});
        rs::is_run_report(path);
        rs::read_run_report(path);
    });
}
