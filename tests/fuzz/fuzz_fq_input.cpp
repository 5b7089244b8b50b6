// The inputs of `rotoscope-cli fq`: a format spec and a row length (the input's first line,
// "<spec> <cols>"), then the raw float32 file, fake-quantized with codes as the CLI does.
#include <charconv>

#include "fuzz_support.h"
#include "io/raw_f32.h"
#include "quant/fake_quant.h"
#include "quant/format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string_view all(reinterpret_cast<const char*>(data), size);
        const size_t nl = all.find('\n');
        if (nl == std::string_view::npos) return;
        const std::string_view head = all.substr(0, nl);
        const size_t sp = head.rfind(' ');
        if (sp == std::string_view::npos) return;
        int64_t cols = 0;
        if (std::from_chars(head.data() + sp + 1, head.data() + head.size(), cols).ec != std::errc()) return;
        const rs::quant::FormatSpec spec = rs::quant::parse_format_spec(std::string(head.substr(0, sp)));
        const std::string path = rs::fuzz::write_scratch("in.f32", all.substr(nl + 1));
        const std::vector<float> x = rs::read_raw_f32(path, cols);
        const int64_t rows = static_cast<int64_t>(x.size()) / cols;
        rs::quant::fake_quant(x.data(), rows, cols, spec, true);
    });
}
