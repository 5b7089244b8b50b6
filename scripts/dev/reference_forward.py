#!/usr/bin/env python3
"""Independent float64 reference of the Llama forward pass on a GGUF file, for cross-checking
rotoscope-cli by hand (needs: pip install gguf numpy). Prints the mean NLL of one window in
llama.cpp's protocol (second half scored) or the papers' protocol, or greedy continuation ids,
or (--site) the largest activations of one census site, to check `rotoscope-cli analyze` by hand.

  scripts/dev/reference_forward.py MODEL.gguf --ids 1 2 3 ... [--protocol llamacpp|full] [--greedy N]
  scripts/dev/reference_forward.py MODEL.gguf --ids ... --site LAYER residual|down_in [--top 8]
"""
import argparse
import numpy as np
import gguf
from gguf.quants import dequantize


def load(path):
    r = gguf.GGUFReader(path)
    f = {k: v.contents() for k, v in r.fields.items() if not k.startswith("tokenizer.")}
    t = {}
    for x in r.tensors:
        a = dequantize(x.data, x.tensor_type).astype(np.float64)
        t[x.name] = a.reshape([int(d) for d in reversed(x.shape)]) if a.ndim != len(x.shape) else a
    return f, t


def unpermute(w, n_head):
    # GGUF "llama" rows are interleaved (h, i, j) -> HF (h, j, i)
    rows, cols = w.shape
    d = rows // n_head
    return w.reshape(n_head, d // 2, 2, cols).swapaxes(1, 2).reshape(rows, cols)


def forward(f, t, ids, sites=None):
    arch = f["general.architecture"]
    L = f[arch + ".block_count"]; H = f[arch + ".attention.head_count"]; KV = f[arch + ".attention.head_count_kv"]
    eps = f[arch + ".attention.layer_norm_rms_epsilon"]; theta = f.get(arch + ".rope.freq_base", 10000.0)
    x = t["token_embd.weight"][ids]
    T, d = x.shape; D = d // H
    inv = theta ** (-np.arange(0, D // 2) * 2.0 / D)
    ang = np.arange(T)[:, None] * inv[None, :]
    cos, sin = np.cos(ang), np.sin(ang)

    def rms(v, w):
        return v / np.sqrt((v * v).mean(-1, keepdims=True) + eps) * w

    def rope(v):  # v [T, heads, D], NEOX
        a, b = v[..., : D // 2], v[..., D // 2:]
        return np.concatenate([a * cos[:, None] - b * sin[:, None], a * sin[:, None] + b * cos[:, None]], -1)

    mask = np.triu(np.full((T, T), -np.inf), 1)
    for l in range(L):
        p = f"blk.{l}."
        h = rms(x, t[p + "attn_norm.weight"])
        q = h @ unpermute(t[p + "attn_q.weight"], H).T
        k = h @ unpermute(t[p + "attn_k.weight"], KV).T
        v = h @ t[p + "attn_v.weight"].T
        q = rope(q.reshape(T, H, D)); k = rope(k.reshape(T, KV, D)); v = v.reshape(T, KV, D)
        out = np.zeros((T, H, D))
        for hh in range(H):
            g = hh // (H // KV)
            s = q[:, hh] @ k[:, g].T / np.sqrt(D) + mask
            s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
            out[:, hh] = s @ v[:, g]
        x = x + out.reshape(T, d) @ t[p + "attn_output.weight"].T
        h = rms(x, t[p + "ffn_norm.weight"])
        g_ = h @ t[p + "ffn_gate.weight"].T; u = h @ t[p + "ffn_up.weight"].T
        down_in = (g_ / (1 + np.exp(-g_))) * u
        x = x + down_in @ t[p + "ffn_down.weight"].T
        if sites is not None:
            sites[(l, "down_in")] = down_in
            sites[(l, "residual")] = x.copy()
    x = rms(x, t["output_norm.weight"])
    head = t.get("output.weight", t["token_embd.weight"])
    return x @ head.T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model"); ap.add_argument("--ids", type=int, nargs="+", required=True)
    ap.add_argument("--protocol", default="llamacpp"); ap.add_argument("--greedy", type=int, default=0)
    ap.add_argument("--site", nargs=2, metavar=("LAYER", "SITE")); ap.add_argument("--top", type=int, default=8)
    a = ap.parse_args()
    f, t = load(a.model)
    ids = list(a.ids)
    if a.site:
        sites = {}
        forward(f, t, ids, sites)
        x = sites[(int(a.site[0]), a.site[1])]
        flat = np.argsort(-np.abs(x), axis=None)[: a.top]
        print(f"median |x| {np.median(np.abs(x)):.6f}")
        for i in flat:
            pos, ch = divmod(int(i), x.shape[1])
            print(f"position {pos} channel {ch} value {x[pos, ch]:.4f}")
        return
    if a.greedy:
        for _ in range(a.greedy):
            ids.append(int(np.argmax(forward(f, t, ids)[-1])))
        print(" ".join(map(str, ids[len(a.ids):])))
        return
    logits = forward(f, t, ids)
    n = len(ids); first = n // 2 if a.protocol == "llamacpp" else 0
    lse = np.log(np.exp(logits - logits.max(-1, keepdims=True)).sum(-1)) + logits.max(-1)
    nll = [lse[i] - logits[i, ids[i + 1]] for i in range(first, n - 1)]
    print(f"mean_nll {np.mean(nll):.8f} ppl {np.exp(np.mean(nll)):.6f} scored {len(nll)}")


if __name__ == "__main__":
    main()
