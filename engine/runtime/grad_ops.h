// Forward and backward of the decoder's ops, for learning rotations by gradient descent
// (fit/rotated_loss.h, fit/cayley.h). Each forward keeps what its backward needs; each
// backward takes the gradient of the loss with respect to the op's output and returns it with
// respect to the inputs. Written for float (the learning) and double (the finite-difference checks
// in the tests); the ops mirror decoder_block.cpp's forward (no cache: one window from position 0).
// Products run in fixed chunks of rows, so results do not depend on the thread count.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace rs::grad {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// out = a·bᵀ and out = a·b, parallel over fixed chunks of a's rows (Eigen itself runs
// single-threaded in the engine).
template <typename T>
void matmul_nt(const Mat<T>& a, const Mat<T>& b, Mat<T>& out);
template <typename T>
void matmul_nn(const Mat<T>& a, const Mat<T>& b, Mat<T>& out);
// out = aᵀ·b (a gradient with respect to a weight-shaped matrix), summed over fixed chunks of
// rows in a fixed order.
template <typename T>
void matmul_tn(const Mat<T>& a, const Mat<T>& b, Mat<T>& out);

// RMSNorm over consecutive groups of `group` columns (the whole row for the residual stream, one
// head for Qwen3's q/k norms): y = x / sqrt(mean(x²) + eps) ⊙ w, with w of size `group` or empty
// (ones: the folded norms of a rotated model). inv_rms holds one value per row and group.
template <typename T>
void rms_norm_forward(const Mat<T>& x, const Vec<T>& w, int group, double eps, Mat<T>& y, Vec<T>& inv_rms);
template <typename T>
void rms_norm_backward(const Mat<T>& x, const Vec<T>& w, int group, const Vec<T>& inv_rms, const Mat<T>& dy,
                       Mat<T>& dx);

// Causal attention of one window (query t sees keys 0..t) with grouped-query heads: q [T, H·D],
// k and v [T, G·D]. probs keeps the softmax of every head ([H] of [T, T]) for the backward.
template <typename T>
void attention_forward(const Mat<T>& q, const Mat<T>& k, const Mat<T>& v, int n_heads, int n_kv_heads, int head_dim,
                       Mat<T>& out, std::vector<Mat<T>>& probs);
template <typename T>
void attention_backward(const Mat<T>& q, const Mat<T>& k, const Mat<T>& v, int n_heads, int n_kv_heads, int head_dim,
                        const std::vector<Mat<T>>& probs, const Mat<T>& dout, Mat<T>& dq, Mat<T>& dk, Mat<T>& dv);

// SwiGLU: act = silu(gate) ⊙ up.
template <typename T>
void swiglu_forward(const Mat<T>& gate, const Mat<T>& up, Mat<T>& act);
template <typename T>
void swiglu_backward(const Mat<T>& gate, const Mat<T>& up, const Mat<T>& dact, Mat<T>& dgate, Mat<T>& dup);

// Mean cross-entropy of next-token prediction: row t of logits predicts targets[t]; a target < 0
// is not counted. Fills dlogits (same shape) when given. The loss is accumulated in double.
template <typename T>
double cross_entropy(const Mat<T>& logits, const std::vector<int32_t>& targets, Mat<T>* dlogits);

// y = x·blockdiag(R, R, ...): every consecutive group of R's order columns times R (R2 on the
// heads of V), and its transpose; grad_r += Σ_groups x_gᵀ·dy_g is the gradient of <dy, x·B(R)>.
template <typename T>
void per_group_product(const Mat<T>& x, const Mat<T>& r, bool transpose, Mat<T>& y);
template <typename T>
void per_group_grad(const Mat<T>& x, const Mat<T>& dy, Mat<T>& grad_r);

}  // namespace rs::grad
