#!/usr/bin/env python3
"""compressed-tensors' own decompression of a Rotoscope compressed-tensors export, compared with
Rotoscope's dequantized weights (a plain `--to hf --dtype f32` export of the same recipe).

Reports, over every quantized linear: elements whose decompressed value differs from Rotoscope's
fp32 value, the largest absolute and ulp difference, and the codes' range. Not part of the build
or CI; needs torch, safetensors and compressed-tensors.

  python3 ct_roundtrip.py CT_DIR HF_F32_DIR
"""
import json
import sys
from pathlib import Path

import torch
from safetensors import safe_open
from compressed_tensors.compressors.base import BaseCompressor
from compressed_tensors.compressors.nvfp4.helpers import unpack_fp4_from_uint8
from compressed_tensors.quantization import QuantizationScheme
from compressed_tensors.quantization.lifecycle.forward import dequantize


def tensors(d):
    d = Path(d)
    out = {}
    for f in sorted(d.glob("*.safetensors")):
        with safe_open(f, "pt") as s:
            for k in s.keys():
                out[k] = s.get_tensor(k)
    return out


def ulp_diff(a, b):
    ia = a.float().contiguous().view(torch.int32).long()
    ib = b.float().contiguous().view(torch.int32).long()
    ia = torch.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    ib = torch.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return (ia - ib).abs().max().item()


def main():
    ct_dir, hf_dir = sys.argv[1], sys.argv[2]
    qc = json.load(open(Path(ct_dir) / "config.json"))["quantization_config"]
    group = qc["config_groups"]["group_0"]
    scheme = QuantizationScheme.model_validate(group)
    compressor = BaseCompressor.get_value_from_registry(qc["format"])
    ct, ref = tensors(ct_dir), tensors(hf_dir)
    prefixes = sorted({k.rsplit(".", 1)[0] for k in ct if k.endswith((".weight_packed", ".weight_scale"))})
    total = differ = 0
    max_abs = 0.0
    max_ulp = 0
    for p in prefixes:
        local = {k[len(p) + 1:]: v for k, v in ct.items() if k.startswith(p + ".")}
        if qc["format"] == "nvfp4-pack-quantized":
            # The compressor decodes NVFP4 into bfloat16; the same arithmetic in float32 shows
            # what the global-scale convention alone costs.
            m, n = local["weight_packed"].shape
            q = unpack_fp4_from_uint8(local["weight_packed"], m, n * 2, dtype=torch.float32)
            w = dequantize(x_q=q, scale=local["weight_scale"].to(torch.float32), args=scheme.weights,
                           global_scale=local["weight_global_scale"], dtype=torch.float32)
        else:
            w = compressor.decompress(local, scheme)["weight"].float()
        r = ref[p + ".weight"].float()
        assert w.shape == r.shape, (p, w.shape, r.shape)
        d = (w != r)
        total += w.numel()
        differ += int(d.sum())
        if d.any():
            max_abs = max(max_abs, (w - r).abs().max().item())
            max_ulp = max(max_ulp, ulp_diff(w, r))
    other = [k for k in ct if not any(k.startswith(p + ".") for p in prefixes)]
    float_differ = sum(int((ct[k].float() != ref[k].float()).sum()) for k in other if k in ref)
    print(f"format {qc['format']}: {len(prefixes)} quantized linears, {total} weights; "
          f"{differ} differ from Rotoscope's fp32 values (max |diff| {max_abs:.3g}, max {max_ulp} ulp); "
          f"{len(other)} other tensors, {float_differ} values differ")


if __name__ == "__main__":
    main()
