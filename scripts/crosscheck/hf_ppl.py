#!/usr/bin/env python3
"""Perplexity of an exported model in transformers, on token ids Rotoscope produced.

Cross-check for `rotoscope-cli export --to hf|compressed-tensors`: the same windows as
Rotoscope's "full" protocol (non-overlapping windows of CTX tokens, every position after the first
scored), so the number compares with `rotoscope-cli quantize ... --ctx CTX --windows N`.
Not part of the build or CI; needs torch, transformers (and compressed-tensors for those exports).

  rotoscope-cli tokenize default --file CORPUS --ids > ids.txt
  python3 hf_ppl.py OUT_DIR ids.txt --ctx 512 --windows 8 [--corpus CORPUS]
"""
import argparse
import math
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("ids")
    ap.add_argument("--ctx", type=int, default=512)
    ap.add_argument("--windows", type=int, default=8)
    ap.add_argument("--corpus", help="also check that the exported tokenizer.json gives the same ids for this text")
    ap.add_argument("--dtype", default="float32")
    args = ap.parse_args()

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
    model.eval()
    nll, n = 0.0, 0
    with torch.no_grad():
        for w in range(args.windows):
            x = torch.tensor([ids[w * args.ctx:(w + 1) * args.ctx]])
            if x.shape[1] < args.ctx:
                break
            logits = model(x).logits.double()
            lp = torch.log_softmax(logits[0, :-1], dim=-1)
            tgt = x[0, 1:]
            nll -= lp.gather(1, tgt[:, None]).sum().item()
            n += tgt.numel()
    print(f"ppl {math.exp(nll / n):.6f} over {n} scored tokens")


if __name__ == "__main__":
    sys.exit(main())
