#!/usr/bin/env python3
"""Perplexity of an exported model in transformers, on token ids Rotoscope produced.

Cross-check for `rotoscope-cli export --to hf|compressed-tensors`: the same windows as
Rotoscope's "full" protocol (non-overlapping windows of CTX tokens, every position after the first
scored), so the number compares with `rotoscope-cli quantize ... --ctx CTX --windows N`.
Not part of the build or CI; needs torch, transformers (and compressed-tensors for those exports).

  rotoscope-cli tokenize default --file CORPUS --ids > ids.txt
  python3 hf_ppl.py OUT_DIR ids.txt --ctx 512 --windows 8 [--corpus CORPUS] [--online-transforms]

--fp32-decode: compressed-tensors decodes NVFP4 weights into bfloat16 whatever dtype was asked
for; this makes its unpacker decode into float32, so that an NVFP4 export (W4A4 included, whose
activation quantizer the library applies itself) runs in float32 as Rotoscope does.

--input-noise E --noise-seed S: multiply every linear input but the LM head's by
(1 + E*N(0, 1)) before the library's quantizer sees it; at E = 1e-7 (about one float ulp) this
stands in for two implementations' different summation orders, and the spread of perplexities
over seeds is how far dynamic activation quantization amplifies them.

--online-transforms: transformers ignores a compressed-tensors export's transform_config, so the
online part of it (the "input" transforms of an online R4) is applied here with the library's own
apply_transform_config, as vLLM does; the stored transform matrices are loaded into the library's
transform modules (for type "hadamard" they are first compared with the library's own).
"""
import argparse
import math
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def apply_online_transforms(model, directory):
    import glob
    import json
    import os

    from compressed_tensors.transform import TransformConfig, apply_transform_config
    from safetensors import safe_open

    cfg = json.load(open(os.path.join(directory, "config.json")))["quantization_config"]["transform_config"]
    # The "weight_input" halves are already fused into the stored weights; vLLM applies only the
    # online ones, and so does this.
    for scheme in cfg["config_groups"].values():
        scheme["apply"] = [a for a in scheme["apply"] if a["location"] in ("input", "output")]
    apply_transform_config(model, TransformConfig.model_validate(cfg))
    stored = {}
    for f in glob.glob(os.path.join(directory, "*.safetensors")):
        with safe_open(f, "pt") as st:
            for k in st.keys():
                if any(k.endswith(f".{name}_input.weight") for name in cfg["config_groups"]):
                    stored[k] = st.get_tensor(k)
    loaded = 0
    for name, module in model.named_modules():
        for scheme_name, scheme in cfg["config_groups"].items():
            t = getattr(module, f"{scheme_name}_input", None)
            if t is None:
                continue
            key = f"{name}.{scheme_name}_input.weight"
            w = stored[key].to(t.weight.dtype)
            if scheme["type"] == "hadamard" and not torch.equal(w, t.weight.data):
                raise SystemExit(f"{key}: the stored matrix is not the library's Sylvester matrix")
            t.weight.data.copy_(w)  # shared by every module of the scheme: all copies must agree
            loaded += 1
    if any(not torch.equal(v, next(iter(stored.values()))) for v in stored.values()):
        raise SystemExit("the stored transform matrices differ between linears")
    print(f"online transforms: {loaded} modules, {len(stored)} stored matrices, types "
          f"{sorted({s['type'] for s in cfg['config_groups'].values()})}")


def perplexity(model, ids, ctx, windows):
    """Rotoscope's "full" protocol: non-overlapping windows of ctx tokens, every position after
    the first scored. Returns (perplexity, scored tokens)."""
    nll, n = 0.0, 0
    with torch.no_grad():
        for w in range(windows):
            x = torch.tensor([ids[w * ctx:(w + 1) * ctx]])
            if x.shape[1] < ctx:
                break
            lp = torch.log_softmax(model(x).logits.double()[0, :-1], dim=-1)
            tgt = x[0, 1:]
            nll -= lp.gather(1, tgt[:, None]).sum().item()
            n += tgt.numel()
    return math.exp(nll / n), n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("ids")
    ap.add_argument("--ctx", type=int, default=512)
    ap.add_argument("--windows", type=int, default=8)
    ap.add_argument("--corpus", help="also check that the exported tokenizer.json gives the same ids for this text")
    ap.add_argument("--dtype", default="float32")
    ap.add_argument("--online-transforms", action="store_true")
    ap.add_argument("--fp32-decode", action="store_true")
    ap.add_argument("--input-noise", type=float, default=0.0)
    ap.add_argument("--noise-seed", type=int, default=0)
    args = ap.parse_args()
    if args.fp32_decode:
        import compressed_tensors.compressors.nvfp4.base as nvfp4_base
        unpack = nvfp4_base.unpack_fp4_from_uint8
        nvfp4_base.unpack_fp4_from_uint8 = lambda a, m, n, dtype=None: unpack(a, m, n, dtype=torch.float32)

    ids = [int(t) for t in open(args.ids).read().split()]
    if args.corpus:
        tok = AutoTokenizer.from_pretrained(args.model)
        hf_ids = tok(open(args.corpus, encoding="utf-8").read(), add_special_tokens=True)["input_ids"]
        same = sum(1 for a, b in zip(ids, hf_ids) if a == b)
        first = next((i for i, (a, b) in enumerate(zip(ids, hf_ids)) if a != b), None)
        print(f"tokenizer: rotoscope {len(ids)} ids, transformers {len(hf_ids)} ids, equal prefix "
              f"{first if first is not None else min(len(ids), len(hf_ids))}, equal positions {same}")

    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=getattr(torch, args.dtype))
    # compressed-tensors decodes NVFP4 and MXFP4 weights into bfloat16 during the forward pass
    # whatever dtype was asked for: run those exports with --dtype bfloat16.
    if args.online_transforms:
        apply_online_transforms(model, args.model)
    model.eval()
    if args.input_noise:
        g = torch.Generator().manual_seed(args.noise_seed)
        for name, module in model.named_modules():
            if isinstance(module, torch.nn.Linear) and name != "lm_head":
                module.register_forward_pre_hook(
                    lambda mod, a: (a[0] * (1 + args.input_noise * torch.randn(a[0].shape, generator=g)),))
    ppl, n = perplexity(model, ids, args.ctx, args.windows)
    print(f"ppl {ppl:.6f} over {n} scored tokens")


if __name__ == "__main__":
    sys.exit(main())
