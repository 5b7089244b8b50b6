// An opened checkpoint whose weights stay in the file mapping, in their stored dtype, until they
// are asked for: the configuration, tokenizer and file description at once, the tensors one
// layer (or a range of embedding rows) at a time. load_model reads a whole Model through it; the
// layer-by-layer engine (model/layer_source.h) reads each decoder layer when it reaches it and
// gives the file pages back once the layer is done, so that a checkpoint larger than memory runs.
#pragma once
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/model.h"

namespace rs {

class Checkpoint {
public:
    // Opens MODEL (a .gguf, an HF directory or "default") and checks every planned tensor's
    // presence, shape and dtype (model/tensor_plan.h) before anything is read: BadInput, one line.
    static std::unique_ptr<Checkpoint> open(const std::string& spec);
    // Opens without refusing: problems() lists what open() would refuse (for `info`).
    static std::unique_ptr<Checkpoint> inspect(const std::string& spec);
    ~Checkpoint();
    Checkpoint(const Checkpoint&) = delete;
    Checkpoint& operator=(const Checkpoint&) = delete;

    const ModelConfig& cfg() const;  // rope_freqs (GGUF) already read
    const TokenizerSpec& tokenizer() const;
    const SourceInfo& source() const;
    const std::vector<std::string>& problems() const;

    // Tensor-by-tensor progress: the tensor's name as it is read.
    using OnTensor = std::function<void(const std::string&)>;

    // Decoder layer `l` in fp32 (Q/K rows in the Hugging Face order whatever the file stores).
    // A tensor holding NaN/Inf, or bytes the file does not have, is refused naming the file and
    // the tensor: with lazy reading that happens when the layer is reached.
    void read_layer(int l, Layer& out, const OnTensor& on_tensor = {}) const;
    void release_layer(int l) const;

    void read_embedding(MatrixRM& out) const;
    // The embedding rows of `tokens` (ids checked against the vocabulary).
    void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) const;
    void read_out_norm(VectorF& out) const;
    // Rows [r0, r0 + n) of the LM head (the embedding's when tied).
    void head_rows(int64_t r0, int64_t n, MatrixRM& out) const;
    std::string head_dtype() const;
    // The stored dtype of a linear's weight ("BF16", "Q4_1").
    std::string linear_dtype(int layer, Role role) const;
    void release_head() const;  // the head's (and a tied embedding's) pages
    void release_embedding() const;  // the embedding's pages

    // How many tensors the plan reads (the embedding, each layer's, the output norm and head).
    int64_t tensor_count() const;

private:
    Checkpoint();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rs
