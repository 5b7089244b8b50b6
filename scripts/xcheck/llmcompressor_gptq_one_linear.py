"""llm-compressor's GPTQ solve on inputs a C++ test can regenerate (splitmix64 -> Irwin-Hall).
W [96,256] = 0.02 * z, X [2048,256] = z with channels 3,77,128,200 x20 (float32 multiply).
z = (u1+u2+u3+u4 - 2) * sqrt(3), u = (splitmix64() >> 11) * 2^-53, in double, cast to float32.
W drawn first (row-major), then X, from one generator seeded 1234."""
import json, numpy as np, torch
from compressed_tensors.quantization import QuantizationArgs
from llmcompressor.modifiers.gptq.helpers import accumulate_hessian, make_empty_hessian
from llmcompressor.modifiers.gptq.gptq_quantize import quantize_weight
from llmcompressor.observers import Observer
torch.set_num_threads(1)
M = (1 << 64) - 1
state = 1234
def sm():
    global state
    state = (state + 0x9E3779B97F4A7C15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)
def normal():
    s = 0.0
    for _ in range(4):
        s += (sm() >> 11) * (2.0 ** -53)
    return (s - 2.0) * 1.7320508075688772
W = np.array([[np.float32(0.02 * normal()) for _ in range(256)] for _ in range(96)], dtype=np.float32)
X = np.array([[np.float32(normal()) for _ in range(256)] for _ in range(2048)], dtype=np.float32)
for c in (3, 77, 128, 200):
    X[:, c] *= np.float32(20.0)
W.tofile("W.f32"); X.tofile("X.f32")
lin = torch.nn.Linear(256, 96, bias=False); lin.weight.data = torch.from_numpy(W.copy())
H = make_empty_hessian(lin); n = torch.zeros(())
H, n = accumulate_hessian(torch.from_numpy(X).unsqueeze(0), lin, H, n); H = H / n
def fnv_rows(Q):
    out = []
    for row in Q.view(np.uint32):
        h = 0xcbf29ce484222325
        for v in row.tobytes():
            h = ((h ^ v) * 0x100000001b3) & M
        out.append(format(h, "016x"))
    return out
res = {}
for actorder, tag in ((None, "plain"), ("weight", "actorder")):
    args = QuantizationArgs(num_bits=4, type="int", symmetric=True, strategy="group", group_size=32, actorder=actorder)
    obs = Observer.load_from_registry("memoryless_minmax", base_name="weight", args=args); obs(lin.weight)
    qp = obs.get_qparams()
    Q, losses, fb = quantize_weight(weights=torch.from_numpy(W.copy()).unsqueeze(0), hessians=H.clone().unsqueeze(0),
        scale=qp["scale"].unsqueeze(0), zero_point=qp["zero_point"].unsqueeze(0), global_scale=None,
        quant_args=args, blocksize=128, percdamp=0.01)
    Q = Q[0].numpy().astype(np.float32); Q.tofile(f"Q_{tag}.f32")
    D = Q.astype(np.float64) - W.astype(np.float64)
    H64 = 2.0 * X.astype(np.float64).T @ X.astype(np.float64) / 2048.0
    res[tag] = {"proxy_per_token_H": float(np.trace(D @ H64 @ D.T)), "fallback": bool(fb[0]), "row_fnv": fnv_rows(Q),
                "w00": float(W[0,0]), "x00": float(X[0,0]), "x03": float(X[0,3])}
json.dump(res, open("results.json", "w"), indent=1)
print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "row_fnv"} for k, v in res.items()}, indent=1))
