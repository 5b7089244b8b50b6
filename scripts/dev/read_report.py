#!/usr/bin/env python3
"""Reads a Rotoscope census report (docs/report-format.md) with h5py and prints the model, the
calibration set and the massive activations of every site (needs: pip install h5py numpy).

  scripts/dev/read_report.py REPORT.h5 [--per-site N]
"""
import argparse
import json
import sys

import h5py


def text(v):
    # Strings are fixed-length HDF5 strings, which h5py returns as bytes (NUL padding stripped).
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def attr(obj, name):
    """An attribute, strings decoded."""
    v = obj.attrs[name]
    return text(v) if isinstance(v, bytes) else v


def token_texts(cal):
    """[W][L] list of the calibration tokens' texts, from the byte blob and its offsets."""
    blob = cal["token_text_bytes"][:].tobytes()
    offsets = cal["token_text_offsets"][:]
    ctx = int(cal.attrs["ctx"])
    flat = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(len(offsets) - 1)]
    return [flat[w * ctx:(w + 1) * ctx] for w in range(len(flat) // ctx)] if ctx else []


def sites(census):
    """(path, group) of every site, in the report's layer-major order."""
    layers = sorted(k for k in census if k.startswith("layer_"))
    order = ["attn_in", "o_in", "mlp_in", "down_in", "residual"]
    for layer in layers:
        for name in order:
            if name in census[layer]:
                yield f"{layer}/{name}", census[layer][name]
    if "output" in census and "lm_head_in" in census["output"]:
        yield "output/lm_head_in", census["output/lm_head_in"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report")
    ap.add_argument("--per-site", type=int, default=5, help="massive activations listed per site")
    args = ap.parse_args()

    with h5py.File(args.report, "r") as f:
        if "format" not in f.attrs or attr(f, "format") != "rotoscope-census":
            sys.exit(f"{args.report}: not a Rotoscope census report")
        meta, model, cal, census = f["meta"], f["model"], f["calibration"], f["census"]
        print(f"{args.report}: schema {f.attrs['schema']}, {attr(meta, 'tool')} {attr(meta, 'tool_version')} "
              f"({attr(meta, 'git_commit')}), {attr(meta, 'created_utc')}, backend {attr(meta, 'backend')}")
        print(f"seeds: {attr(meta, 'seeds')}")
        print(f"model: {attr(model, 'source_name')} ({attr(model, 'arch')}, {model.attrs['n_layers']} layers, "
              f"d_model {model.attrs['d_model']}, d_ff {model.attrs['d_ff']}, "
              f"{model.attrs['n_heads']}/{model.attrs['n_kv_heads']} heads)")
        for row in model["files"][:]:
            print(f"  {text(row['path'])}  {row['bytes']} bytes  sha256 {text(row['sha256'])}")
        texts = token_texts(cal)
        print(f"calibration: {attr(cal, 'corpus_name')}, {cal['offsets'].shape[0]} windows x {cal.attrs['ctx']} tokens, "
              f"seed {cal.attrs['seed']}")
        cfg = json.loads(attr(census, "config_json"))
        print(f"census: massive = |x| > {cfg['massive_abs']} and |x| >= {cfg['massive_ratio']} x median, "
              f"{census.attrs['seconds']:.1f} s")

        print(f"\n{'site':<24}{'massive':>8}  {'value':>10} {'median':>9} {'ratio':>8}  win  pos  channel  token")
        for path, s in sites(census):
            rows = s["massive"][: args.per_site]
            print(f"{path:<24}{s.attrs['massive_count']:>8}", end="")
            if len(rows) == 0:
                print(f"  (largest |x| {s.attrs['absmax']:.4g})")
                continue
            for i, r in enumerate(rows):
                tok = repr(texts[r["window"]][r["position"]]) if texts else ""
                ratio = abs(r["value"]) / r["median"] if r["median"] > 0 else float("inf")
                lead = "" if i == 0 else " " * 32
                print(f"{lead}  {r['value']:>10.4g} {r['median']:>9.3g} {ratio:>8.0f}  {r['window']:>3} {r['position']:>4} "
                      f"{r['channel']:>8}  {r['token']} {tok}")


if __name__ == "__main__":
    main()
