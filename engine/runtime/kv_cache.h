// Per-layer K/V rows for incremental decoding. Rows are positions; columns n_kv_heads·head_dim.
#pragma once
#include <vector>

#include "core/error.h"
#include "model/model.h"

namespace rs {

class KvCache {
public:
    KvCache(const ModelConfig& cfg, int capacity) : capacity_(capacity), k_(cfg.n_layers), v_(cfg.n_layers) {
        const int64_t width = int64_t{cfg.n_kv_heads} * cfg.head_dim;
        for (auto& m : k_) m.resize(capacity, width);
        for (auto& m : v_) m.resize(capacity, width);
    }
    int size() const { return size_; }
    int capacity() const { return capacity_; }
    void clear() { size_ = 0; }

    // Called once per layer during a forward step; commit() then advances the position.
    void store(int layer, const MatrixRM& k, const MatrixRM& v) {
        if (size_ + k.rows() > capacity_) fail_runtime("context full: " + std::to_string(capacity_) + " tokens");
        k_[layer].middleRows(size_, k.rows()) = k;
        v_[layer].middleRows(size_, v.rows()) = v;
    }
    void commit(int n) { size_ += n; }
    const MatrixRM& k(int layer) const { return k_[layer]; }
    const MatrixRM& v(int layer) const { return v_[layer]; }

private:
    int capacity_;
    int size_ = 0;
    std::vector<MatrixRM> k_, v_;
};

}  // namespace rs
