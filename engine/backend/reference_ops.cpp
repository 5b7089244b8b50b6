// The CPU reference of the activation ops of the backend interface (backend.h).
#include <algorithm>
#include <string>

#include "backend/backend.h"
#include "core/error.h"
#include "rotate/hadamard.h"

namespace rs {

void check_hadamard_op(const HadamardOp& op, int64_t cols) {
    if (op.block <= 0 || cols % op.block != 0)
        fail_input("hadamard rotation", "blocks of " + std::to_string(op.block) + " do not tile " + std::to_string(cols) + " columns");
    if (op.signs && op.signs->size() != op.block)
        fail_input("hadamard rotation", std::to_string(op.signs->size()) + " signs for blocks of " + std::to_string(op.block));
    hadamard_split(op.block);  // BadInput when the order has no construction
}

void reference_hadamard(MatrixRM& x, const HadamardOp& op) {
    check_hadamard_op(op, x.cols());
    const int64_t rows = x.rows(), cols = x.cols();
    constexpr int64_t kChunk = 32;
    // The same per-row arithmetic as PreparedRotation::apply: signs (a product per element),
    // then hadamard_rows on each block. Rows are independent, so the thread count does not matter.
#pragma omp parallel for schedule(static) if (rows > kChunk)
    for (int64_t r0 = 0; r0 < rows; r0 += kChunk) {
        auto part = x.middleRows(r0, std::min(kChunk, rows - r0));
        for (int64_t b = 0; b < cols; b += op.block) {
            auto blk = part.middleCols(b, op.block);
            if (op.signs && !op.transpose) blk = blk * op.signs->asDiagonal();
            hadamard_rows(blk, op.transpose);
            if (op.signs && op.transpose) blk = blk * op.signs->asDiagonal();
        }
    }
}

quant::QuantResult reference_rotate_quant(MatrixRM& x, const HadamardOp& op, const quant::FormatSpec& spec,
                                          bool with_codes, std::optional<float> tensor_amax) {
    // Refuse bad input before touching x, as every backend does.
    check_hadamard_op(op, x.cols());
    quant::fake_quant_span(x.data(), x.rows(), x.cols(), spec, tensor_amax);
    reference_hadamard(x, op);
    quant::QuantResult r = quant::fake_quant(x.data(), x.rows(), x.cols(), spec, with_codes, tensor_amax);
    std::copy(r.dequant.begin(), r.dequant.end(), x.data());
    return r;
}

}  // namespace rs
