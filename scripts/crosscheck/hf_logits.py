#!/usr/bin/env python3
"""Logits of two exported models in transformers on the same tokens: a rotated float export
against the unrotated one (`--to hf --dtype f32` of a recipe with rotations and no quantization,
and of the empty recipe). Rotations are exact identities, so the logits agree to float rounding.
Not part of the build or CI; needs torch and transformers.

  python3 hf_logits.py ROTATED_DIR PLAIN_DIR ids.txt --ctx 512
"""
import argparse

import torch
from transformers import AutoModelForCausalLM


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("ids")
    ap.add_argument("--ctx", type=int, default=512)
    args = ap.parse_args()
    ids = [int(t) for t in open(args.ids).read().split()][: args.ctx]
    x = torch.tensor([ids])
    with torch.no_grad():
        la = AutoModelForCausalLM.from_pretrained(args.a, dtype=torch.float32)(x).logits[0].double()
        lb = AutoModelForCausalLM.from_pretrained(args.b, dtype=torch.float32)(x).logits[0].double()
    d = (la - lb).abs()
    rel = d.max().item() / lb.abs().max().item()
    top1 = (la.argmax(-1) == lb.argmax(-1)).double().mean().item()
    kl = torch.nn.functional.kl_div(torch.log_softmax(la, -1), torch.log_softmax(lb, -1), log_target=True,
                                    reduction="none").sum(-1)
    print(f"{len(ids)} positions: max |logit diff| {d.max().item():.3g} (relative to max |logit| {rel:.3g}), "
          f"top-1 agreement {100 * top1:.2f} %, KL max {kl.max().item():.3g}")


if __name__ == "__main__":
    main()
