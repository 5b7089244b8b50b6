// An HDF5 census report, as `report` and the GUI's File > Open read it.
#include "fuzz_support.h"
#include "report/census_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string path = rs::fuzz::write_scratch("census.h5", {reinterpret_cast<const char*>(data), size});
        rs::read_census_report(path);
    });
}
