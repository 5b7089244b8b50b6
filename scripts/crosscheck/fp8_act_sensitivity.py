#!/usr/bin/env python3
"""How much a per-token FP8 activation quantizer's perplexity moves under float noise of one ulp.

Loads an `rotoscope-cli export --to hf|compressed-tensors --dtype f32` folder in transformers,
switches off the library's own activation quantizer (if any) and puts a plain dynamic per-token
FP8 E4M3 fake quantizer (scale = amax / 448, round to nearest even) on the input of every linear
but lm_head. With --noise E, each input is first multiplied by (1 + E * N(0, 1)) under --seed, which
stands in for the rounding differences between two implementations' float arithmetic. Not part of
the build or CI; needs torch and transformers (and compressed-tensors for those exports).

  python3 fp8_act_sensitivity.py OUT_DIR ids.txt [--noise 1e-7] [--seed 1] [--ctx 512] [--windows 8]
"""
import argparse

import torch
from transformers import AutoModelForCausalLM

from hf_ppl import perplexity


def fp8_per_token(x):
    s = x.abs().amax(dim=-1, keepdim=True) / 448.0
    s = torch.where(s == 0, torch.full_like(s, torch.finfo(torch.float32).eps), s)
    return torch.clamp(x / s, -448, 448).to(torch.float8_e4m3fn).to(x.dtype) * s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("ids")
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ctx", type=int, default=512)
    ap.add_argument("--windows", type=int, default=8)
    args = ap.parse_args()
    ids = [int(t) for t in open(args.ids).read().split()]
    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32)
    model.eval()
    torch.manual_seed(args.seed)

    def hook(module, inputs):
        x = inputs[0]
        if args.noise:
            x = x * (1 + args.noise * torch.randn_like(x))
        return (fp8_per_token(x),) + tuple(inputs[1:])

    linears = [m for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and not n.endswith("lm_head")]
    for m in linears:
        # compressed-tensors shares one scheme object between modules: switch each off explicitly.
        scheme = getattr(m, "quantization_scheme", None)
        if scheme is not None:
            scheme.input_activations = None
        m.register_forward_pre_hook(hook)
    ppl, n = perplexity(model, ids, args.ctx, args.windows)
    print(f"ppl {ppl:.6f} over {n} scored tokens ({len(linears)} linears, noise {args.noise}, seed {args.seed})")


if __name__ == "__main__":
    main()
