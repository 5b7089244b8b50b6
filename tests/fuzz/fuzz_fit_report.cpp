// An HDF5 fit report (fit-rotation -o, learn-rotation -o), as File > Open and a recipe naming its
// rotations ("file:fit.h5#/rotation/r1", "#/rotation/r2") read it.
#include "fuzz_support.h"
#include "report/fit_report.h"
#include "rotate/rotation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string path = rs::fuzz::write_scratch("fit.h5", {reinterpret_cast<const char*>(data), size});
        rs::is_fit_report(path);
        // The seeds' model (fuzz_make_seeds): d_model 32, head_dim 16, one layer.
        rs::rotation_count(rs::parse_rotation("file:" + path + "#/rotation/r2"), 16);
        rs::rotation_matrices(rs::parse_rotation("file:" + path + "#/rotation/r2"), 16, 1);
        rs::rotation_matrix(rs::parse_rotation("file:" + path + "#/rotation/r1"), 32);
        rs::read_fit_report(path);
    });
}
