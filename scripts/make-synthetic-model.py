#!/usr/bin/env python3
"""Writes a synthetic Hugging Face checkpoint with the exact config.json and tensor shapes of
Qwen/Qwen3-8B (BF16 safetensors in 5 shards plus the index), filled with seeded random weights,
so that Rotoscope's memory and time at that scale can be tested without downloading a model.
The weights are noise: perplexities and quantization errors measured on it mean nothing.

  scripts/make-synthetic-model.py OUT_DIR [--seed 0] [--shape qwen3-8b|tiny] [--layers N] [--force]
                                  [--tokenizer-from GGUF] [--max-shard-size BYTES]

The tokenizer is the default model's (SmolLM2-135M-Instruct, byte-level BPE, 49152 tokens),
read from its GGUF and padded with special tokens up to the vocabulary size. A few residual
channels carry planted massive activations; synthetic_info.json beside the checkpoint says
which. Needs Python 3.8+ and numpy only. See docs/synthetic-model.md.
"""
import argparse
import hashlib
import json
import mmap
import os
import re
import shutil
import signal
import struct
import sys
import time
import zlib

try:
    import numpy as np
except ImportError:
    print("make-synthetic-model: numpy is missing; install it with: pip install numpy", file=sys.stderr)
    sys.exit(2)

SCRIPT_VERSION = 1
PROG = "make-synthetic-model"

# config.json of Qwen/Qwen3-8B, verbatim (transformers writes it with sorted keys, indent 2).
QWEN3_8B_CONFIG = {
    "architectures": ["Qwen3ForCausalLM"],
    "attention_bias": False,
    "attention_dropout": 0.0,
    "bos_token_id": 151643,
    "eos_token_id": 151645,
    "head_dim": 128,
    "hidden_act": "silu",
    "hidden_size": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 12288,
    "max_position_embeddings": 40960,
    "max_window_layers": 36,
    "model_type": "qwen3",
    "num_attention_heads": 32,
    "num_hidden_layers": 36,
    "num_key_value_heads": 8,
    "rms_norm_eps": 1e-06,
    "rope_scaling": None,
    "rope_theta": 1000000,
    "sliding_window": None,
    "tie_word_embeddings": False,
    "torch_dtype": "bfloat16",
    "transformers_version": "4.51.0",
    "use_cache": True,
    "use_sliding_window": False,
    "vocab_size": 151936,
}

# A small Qwen3 for quick checks: the same family and code paths, about 28 M parameters.
TINY_OVERRIDES = {
    "hidden_size": 256,
    "intermediate_size": 512,
    "num_hidden_layers": 4,
    "max_window_layers": 4,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 64,
    "vocab_size": 50000,
}

# Shards are cut as transformers' save_pretrained does with max_shard_size="4GB": tensors in
# module order, a new shard whenever the next one would pass 4e9 bytes. For the full model that
# gives 5 shards of 4.0, 4.0, 4.0, 3.2 and 1.2 GB, the last holding lm_head.weight alone.
DEFAULT_MAX_SHARD_BYTES = 4_000_000_000

# Per-matrix RMS of the random linear weights, by role. Plausible magnitudes for a trained model
# of this size (about 0.02, with the usual differences between roles), not measured values.
# Each matrix also gets its own factor exp(N(0, 0.1)) so that no two have the same scale.
LINEAR_RMS = {
    "embed_tokens": 0.015,
    "q_proj": 0.02,
    "k_proj": 0.03,
    "v_proj": 0.012,
    "o_proj": 0.012,
    "gate_proj": 0.018,
    "up_proj": 0.015,
    "down_proj": 0.012,
    "lm_head": 0.012,
}

# Planted massive activations. In the planted layers a few MLP neurons get gate and up rows
# along one shared direction w (so the neuron computes silu(w.x) * (w.x) >= about 0, large for
# the tokens where w.x is large and positive) and their down_proj column writes a large value
# of a fixed sign into a few residual channels. The direction's RMS makes w.x ~ N(0, 10^2) for an
# input of unit RMS; the neuron then gives ~100, up to ~1000 in the tail, for the tokens where
# w.x > 0, and the channels collect |down| times that. Real models show them on a few tokens
# only (the first, delimiters); here they hit a good fraction of all tokens, which is enough to
# exercise the census and the rotations.
MASSIVE_LAYERS = (1, 2, 3)
MASSIVE_CHANNELS = 3
MASSIVE_NEURONS_PER_LAYER = 2
MASSIVE_DOWN = (2.0, 1.5, 1.0)  # |down_proj| entry per channel, largest first
MASSIVE_DOT_STD = 10.0

CHUNK_ELEMENTS = 1 << 24  # 16 M elements: 64 MB of float32 scratch, reused for every tensor
PAD_TOKEN = "<|synthetic_pad_{}|>"


def fail(msg, code=1):
    print(f"{PROG}: {msg}", file=sys.stderr)
    sys.exit(code)


# ------------------------------------------------------------------------------------------
# GGUF key-value reader (only the header's metadata; tensors are never touched)

class GgufError(Exception):
    pass


_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_GGUF_STRING, _GGUF_ARRAY = 8, 9


class _Cursor:
    def __init__(self, buf):
        self.buf, self.pos = buf, 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.buf):
            raise GgufError(f"truncated metadata at byte {self.pos}")
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def unpack(self, fmt):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self):
        return self.take(self.unpack("<Q")).decode("utf-8")

    def value(self, vtype):
        if vtype in _GGUF_SCALARS:
            return self.unpack(_GGUF_SCALARS[vtype])
        if vtype == _GGUF_STRING:
            return self.string()
        if vtype == _GGUF_ARRAY:
            etype, count = self.unpack("<I"), self.unpack("<Q")
            if etype in _GGUF_SCALARS:
                fmt = _GGUF_SCALARS[etype]
                size = struct.calcsize(fmt)
                return np.frombuffer(self.take(count * size), dtype=np.dtype(fmt)).tolist()
            return [self.value(etype) for _ in range(count)]
        raise GgufError(f"unknown value type {vtype} at byte {self.pos}")


def read_gguf_metadata(path):
    """The key-value metadata of a GGUF file (version 2 or 3) as a dict."""
    if os.path.getsize(path) < 24:
        raise GgufError(f"{path}: too short for a GGUF file")
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        c = _Cursor(m)  # slicing an mmap copies out bytes, so no buffer stays exported
        try:
            if bytes(c.take(4)) != b"GGUF":
                raise GgufError("not a GGUF file (bad magic)")
            version = c.unpack("<I")
            if version not in (2, 3):
                raise GgufError(f"GGUF version {version} is not supported (2 or 3)")
            c.unpack("<Q")  # tensor count
            n_kv = c.unpack("<Q")
            kv = {}
            for _ in range(n_kv):
                key = c.string()
                kv[key] = c.value(c.unpack("<I"))
            return kv
        except (GgufError, UnicodeDecodeError, struct.error) as e:
            raise GgufError(f"{path}: {e}") from None


# ------------------------------------------------------------------------------------------
# Tokenizer: GGUF byte-level BPE -> tokenizer.json, tokenizer_config.json

# llama.cpp token types
TT_NORMAL, TT_UNKNOWN, TT_CONTROL, TT_USER_DEFINED = 1, 2, 3, 4

BYTE_LEVEL = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
# The pre-tokenizers of the GGUF pre names this script can spell as tokenizers' JSON (the shapes
# engine/tokenizer/hf_tokenizer_json.cpp maps back to the same names).
PRE_TOKENIZERS = {
    "smollm": {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": True}, BYTE_LEVEL]},
    "gpt2": BYTE_LEVEL,
}


def default_tokenizer_gguf():
    """Where the engine looks for the default model (engine/model/loader.cpp, core/paths.cpp)."""
    if os.environ.get("ROTOSCOPE_DEFAULT_MODEL"):
        return os.environ["ROTOSCOPE_DEFAULT_MODEL"]
    if os.environ.get("ROTOSCOPE_CACHE"):
        cache = os.environ["ROTOSCOPE_CACHE"]
    elif os.environ.get("XDG_CACHE_HOME"):
        cache = os.path.join(os.environ["XDG_CACHE_HOME"], "rotoscope")
    else:
        cache = os.path.join(os.path.expanduser("~"), ".cache", "rotoscope")
    return os.path.join(cache, "models", "SmolLM2-135M-Instruct.Q4_1.gguf")


def build_tokenizer(gguf_path, vocab_size, max_context):
    """(tokenizer.json, tokenizer_config.json, special ids, description) from a GGUF's tokenizer,
    padded with special tokens to vocab_size so that the embedding's rows all have a token."""
    kv = read_gguf_metadata(gguf_path)
    model = kv.get("tokenizer.ggml.model")
    if model != "gpt2":
        raise GgufError(f"{gguf_path}: tokenizer model {model!r} is not a byte-level BPE ('gpt2')")
    pre = kv.get("tokenizer.ggml.pre", "gpt2")
    if pre not in PRE_TOKENIZERS:
        raise GgufError(f"{gguf_path}: pre-tokenizer {pre!r} is not supported here (supported: {', '.join(PRE_TOKENIZERS)})")
    tokens = kv.get("tokenizer.ggml.tokens")
    merges = kv.get("tokenizer.ggml.merges")
    if not tokens or merges is None:
        raise GgufError(f"{gguf_path}: no tokenizer.ggml.tokens or tokenizer.ggml.merges")
    types = kv.get("tokenizer.ggml.token_type") or [TT_NORMAL] * len(tokens)
    if len(types) != len(tokens):
        raise GgufError(f"{gguf_path}: {len(types)} token types for {len(tokens)} tokens")
    if len(set(tokens)) != len(tokens):
        raise GgufError(f"{gguf_path}: duplicated token texts cannot be written as a tokenizer.json vocab")
    if len(tokens) > vocab_size:
        raise GgufError(f"{gguf_path}: {len(tokens)} tokens do not fit a vocabulary of {vocab_size}")

    def token_id(key):
        v = kv.get(key)
        return v if isinstance(v, int) and 0 <= v < len(tokens) else None

    bos, eos = token_id("tokenizer.ggml.bos_token_id"), token_id("tokenizer.ggml.eos_token_id")
    unk = token_id("tokenizer.ggml.unknown_token_id")
    pad = token_id("tokenizer.ggml.padding_token_id")
    if pad is None:
        pad = eos
    add_bos = bool(kv.get("tokenizer.ggml.add_bos_token", False)) and bos is not None

    pairs = []
    for m in merges:
        parts = m.split(" ")
        if len(parts) != 2:
            raise GgufError(f"{gguf_path}: malformed merge {m!r}")
        pairs.append(parts)

    added = []
    for i, (text, t) in enumerate(zip(tokens, types)):
        if t in (TT_UNKNOWN, TT_CONTROL, TT_USER_DEFINED):
            added.append({"id": i, "content": text, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": t == TT_USER_DEFINED, "special": t != TT_USER_DEFINED})
    # Every id up to vocab_size is listed: the engine refuses a vocabulary with more unused ids
    # than listed ones (here 102784 against 49152), and a named token is clearer than a hole.
    for i in range(len(tokens), vocab_size):
        added.append({"id": i, "content": PAD_TOKEN.format(i), "single_word": False, "lstrip": False,
                      "rstrip": False, "normalized": False, "special": True})

    if add_bos:
        b = tokens[bos]
        post = {"type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": b, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": b, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": b, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {b: {"id": b, "ids": [bos], "tokens": [b]}}}
    else:
        post = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": PRE_TOKENIZERS[pre],
        "post_processor": post,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        # unk_token stays null, as in SmolLM2's own file: byte-level BPE never needs it.
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": None, "end_of_word_suffix": None, "fuse_unk": False,
                  "byte_fallback": False, "ignore_merges": False,
                  "vocab": {text: i for i, text in enumerate(tokens)}, "merges": pairs},
    }
    # The special tokens by text: config.json keeps Qwen3's ids (151643/151645), which here
    # name padding tokens, and readers (the engine, transformers) prefer these texts.
    tcfg = {
        "add_prefix_space": False,
        "bos_token": tokens[bos] if bos is not None else None,
        "clean_up_tokenization_spaces": False,
        "eos_token": tokens[eos] if eos is not None else None,
        "model_max_length": max_context,
        "pad_token": tokens[pad] if pad is not None else None,
        "tokenizer_class": "GPT2Tokenizer",
        "unk_token": tokens[unk] if unk is not None else None,
    }
    if add_bos:
        tcfg["add_bos_token"] = True
    if isinstance(kv.get("tokenizer.chat_template"), str):
        tcfg["chat_template"] = kv["tokenizer.chat_template"]
    ids = {"bos": bos, "eos": eos, "pad": pad}
    desc = {"source": gguf_path, "name": kv.get("general.name"), "pre": pre, "tokens": len(tokens),
            "merges": len(pairs), "padding_tokens": vocab_size - len(tokens),
            "padding_token_format": PAD_TOKEN, "bos_id": bos, "eos_id": eos, "add_bos": add_bos}
    return tokenizer, tcfg, ids, desc


# ------------------------------------------------------------------------------------------
# Tensors

def tensor_list(cfg):
    """(name, shape, role, layer) of every tensor, in the module order of transformers' Qwen3
    (the order save_pretrained shards in)."""
    h, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    d, nh, nkv = cfg["head_dim"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    out = [("model.embed_tokens.weight", (v, h), "embed_tokens", -1)]
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        out += [
            (p + "self_attn.q_proj.weight", (nh * d, h), "q_proj", l),
            (p + "self_attn.k_proj.weight", (nkv * d, h), "k_proj", l),
            (p + "self_attn.v_proj.weight", (nkv * d, h), "v_proj", l),
            (p + "self_attn.o_proj.weight", (h, nh * d), "o_proj", l),
            (p + "self_attn.q_norm.weight", (d,), "q_norm", l),
            (p + "self_attn.k_norm.weight", (d,), "k_norm", l),
            (p + "mlp.gate_proj.weight", (f, h), "gate_proj", l),
            (p + "mlp.up_proj.weight", (f, h), "up_proj", l),
            (p + "mlp.down_proj.weight", (h, f), "down_proj", l),
            (p + "input_layernorm.weight", (h,), "input_layernorm", l),
            (p + "post_attention_layernorm.weight", (h,), "post_attention_layernorm", l),
        ]
    out += [("model.norm.weight", (h,), "norm", -1)]
    if not cfg["tie_word_embeddings"]:
        out += [("lm_head.weight", (v, h), "lm_head", -1)]
    return out


def nbytes(shape):
    n = 2  # BF16
    for s in shape:
        n *= s
    return n


def split_shards(tensors, max_bytes):
    """Greedy split in module order, as huggingface_hub's split_torch_state_dict_into_shards."""
    shards, cur, size = [], [], 0
    for t in tensors:
        b = nbytes(t[1])
        if cur and size + b > max_bytes:
            shards.append(cur)
            cur, size = [], 0
        cur.append(t)
        size += b
    if cur:
        shards.append(cur)
    return shards


def rng_for(seed, *key):
    """An independent stream per tensor (or purpose), so that a tensor's values depend only on
    the seed and its name, not on --layers, the shard layout or the order of generation."""
    words = [seed]
    for k in key:
        words.append(zlib.crc32(k.encode()) if isinstance(k, str) else int(k))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(words)))


def massive_plan(cfg, seed):
    """Which layers, neurons and residual channels carry the planted massive activations."""
    h, f, n_layers = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"]
    rng = rng_for(seed, "massive-activations")
    channels = sorted(int(c) for c in rng.choice(h, size=MASSIVE_CHANNELS, replace=False))
    signs = [1 if s else -1 for s in rng.integers(0, 2, size=MASSIVE_CHANNELS)]
    layers = {}
    for l in MASSIVE_LAYERS:
        if l < n_layers:
            neurons = rng_for(seed, "massive-neurons", l).choice(f, size=MASSIVE_NEURONS_PER_LAYER, replace=False)
            layers[l] = sorted(int(k) for k in neurons)
    return {"channels": channels, "signs": signs, "down_magnitude": list(MASSIVE_DOWN[:MASSIVE_CHANNELS]),
            "layers": layers, "dot_std": MASSIVE_DOT_STD}


def massive_direction(seed, hidden, layer, neuron):
    w = rng_for(seed, "massive-direction", layer, neuron).standard_normal(hidden, dtype=np.float32)
    return w * np.float32(MASSIVE_DOT_STD / np.sqrt(hidden))


class Weights:
    """Produces each tensor's BF16 bytes in chunks of rows, in scratch buffers reused for every
    tensor, so memory stays at a few hundred MB whatever the model size."""

    def __init__(self, cfg, seed):
        self.cfg, self.seed = cfg, seed
        self.plan = massive_plan(cfg, seed)
        self.f32 = np.empty(CHUNK_ELEMENTS, dtype=np.float32)
        self.u32 = np.empty(CHUNK_ELEMENTS, dtype=np.uint32)
        self.bf16 = np.empty(CHUNK_ELEMENTS, dtype="<u2")

    def _to_bf16(self, n):
        """Rounds self.f32[:n] to nearest-even BF16 (no NaNs occur here) into self.bf16[:n]."""
        u = self.f32[:n].view(np.uint32)
        t = self.u32[:n]
        np.right_shift(u, 16, out=t)
        t &= 1
        t += 0x7FFF
        u += t
        u >>= 16
        out = self.bf16[:n]
        np.copyto(out, u, casting="unsafe")
        return out

    def chunks(self, name, shape, role, layer):
        rng = rng_for(self.seed, name)
        if len(shape) == 1:
            yield self._to_bf16(self._norm(rng, shape[0], role))
            return
        rows, cols = shape
        scale = LINEAR_RMS[role] * float(np.exp(0.1 * rng.standard_normal()))
        step = max(1, CHUNK_ELEMENTS // cols)
        for r0 in range(0, rows, step):
            r1 = min(rows, r0 + step)
            n = (r1 - r0) * cols
            buf = self.f32[:n]
            rng.standard_normal(out=buf, dtype=np.float32)
            buf *= np.float32(scale)
            if layer in self.plan["layers"] and role in ("gate_proj", "up_proj", "down_proj"):
                self._plant(buf.reshape(r1 - r0, cols), r0, r1, role, layer)
            yield self._to_bf16(n)

    def _norm(self, rng, n, role):
        # Positive, around 1: a mean per vector (trained norms drift from layer to layer) times a
        # log-normal spread per element, wider for q_norm/k_norm.
        mean = 1.0 + 0.1 * float(rng.standard_normal())
        spread = 0.2 if role in ("q_norm", "k_norm") else 0.1
        v = self.f32[:n]
        rng.standard_normal(out=v, dtype=np.float32)
        v *= np.float32(spread)
        np.exp(v, out=v)
        v *= np.float32(mean)
        return n

    def _plant(self, block, r0, r1, role, layer):
        hidden = self.cfg["hidden_size"]
        neurons = self.plan["layers"][layer]
        if role in ("gate_proj", "up_proj"):
            # Rows are neurons: gate and up share the direction, so the product is ~(w.x)^2 >= 0.
            for k in neurons:
                if r0 <= k < r1:
                    block[k - r0, :] = massive_direction(self.seed, hidden, layer, k)
        else:
            # down_proj rows are residual channels, columns neurons.
            for c, sign, mag in zip(self.plan["channels"], self.plan["signs"], self.plan["down_magnitude"]):
                if r0 <= c < r1:
                    for k in neurons:
                        block[c - r0, k] = sign * mag


# ------------------------------------------------------------------------------------------
# safetensors writer

def write_json_atomic(path, obj, **kw):
    tmp = path + ".partial"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, **kw)
        f.write("\n")
    os.replace(tmp, path)


class Progress:
    def __init__(self, n_tensors, total_bytes):
        self.n, self.total, self.i, self.done, self.t0 = n_tensors, total_bytes, 0, 0, time.monotonic()

    def tensor(self, name, shape, b):
        self.i += 1
        self.done += b
        el = time.monotonic() - self.t0
        print(f"[{self.i}/{self.n}] {name} {list(shape)}  {self.done / 1e9:.2f}/{self.total / 1e9:.2f} GB  {el:.0f} s",
              file=sys.stderr, flush=True)


def write_safetensors(path, tensors, gen, progress):
    """One safetensors file, streamed tensor by tensor: 8-byte little-endian header length, the
    JSON header (padded with spaces to 8 bytes, as the reference writer does), then the data,
    tensors in name order and back to back. Written under a temporary name, renamed when whole."""
    tensors = sorted(tensors, key=lambda t: t[0])  # the reference writer's order
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, shape, _, _ in tensors:
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + nbytes(shape)]}
        offset += nbytes(shape)
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * (-len(hb) % 8)
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".partial")
    try:
        with open(tmp, "wb") as f:
            f.write(struct.pack("<Q", len(hb)))
            f.write(hb)
            for name, shape, role, layer in tensors:
                for chunk in gen.chunks(name, shape, role, layer):
                    f.write(chunk.data)
                progress.tensor(name, shape, nbytes(shape))
            if f.tell() != 8 + len(hb) + offset:
                raise RuntimeError(f"{tmp}: wrote {f.tell()} bytes, expected {8 + len(hb) + offset}")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
    return offset


# ------------------------------------------------------------------------------------------

OUR_FILES = re.compile(r"^\.?(model(-\d{5}-of-\d{5})?\.safetensors(\.index\.json)?|config\.json|generation_config\.json|"
                       r"tokenizer\.json|tokenizer_config\.json|synthetic_info\.json)(\.partial)?$")


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def prepare_out_dir(out, force, need_bytes):
    if os.path.exists(out) and not os.path.isdir(out):
        fail(f"{out} exists and is not a directory")
    os.makedirs(out, exist_ok=True)
    present = sorted(os.listdir(out))
    if present and not force:
        fail(f"{out} is not empty ({len(present)} entries); pass --force to overwrite a checkpoint there")
    # A real model has config.json; this script writes it last, after synthetic_info.json.
    if "config.json" in present and "synthetic_info.json" not in present:
        fail(f"{out} holds a model that this script did not write; --force only overwrites synthetic ones")
    # --force removes only what this script writes (a stale model.safetensors or extra shard
    # would otherwise shadow or sit beside the new index); anything else is left alone.
    for name in present:
        if OUR_FILES.match(name):
            os.remove(os.path.join(out, name))
    free = shutil.disk_usage(out).free
    if free < need_bytes + (64 << 20):
        fail(f"{out}: {free / 1e9:.1f} GB free, the checkpoint needs {need_bytes / 1e9:.1f} GB")


def main():
    ap = argparse.ArgumentParser(
        prog="make-synthetic-model.py",
        description="Write a synthetic Hugging Face checkpoint with the config and tensor shapes of Qwen3-8B "
                    "(random BF16 weights, planted massive activations) for scale tests. Its numbers mean nothing.")
    ap.add_argument("out_dir", metavar="OUT_DIR", help="directory to write (must be empty unless --force)")
    ap.add_argument("--seed", type=int, default=0, help="seed of all the random weights (default 0)")
    ap.add_argument("--shape", choices=["qwen3-8b", "tiny"], default="qwen3-8b",
                    help="qwen3-8b: the real dimensions (16.4 GB); tiny: a 28 M-parameter Qwen3 for quick checks")
    ap.add_argument("--layers", type=int, help="number of decoder layers (default: 36 for qwen3-8b, 4 for tiny)")
    ap.add_argument("--tokenizer-from", metavar="GGUF", default=None,
                    help="GGUF whose byte-level BPE tokenizer to use (default: the default model, SmolLM2-135M-Instruct)")
    ap.add_argument("--max-shard-size", type=int, default=DEFAULT_MAX_SHARD_BYTES, metavar="BYTES",
                    help="start a new shard past this many bytes (default 4e9, as the Qwen3-8B upload); "
                         "one shard is written as model.safetensors without an index")
    ap.add_argument("--force", action="store_true", help="overwrite a checkpoint in a non-empty OUT_DIR")
    args = ap.parse_args()
    if args.seed < 0:
        fail("--seed must be >= 0")
    if args.max_shard_size < 1:
        fail("--max-shard-size must be positive")

    cfg = dict(QWEN3_8B_CONFIG)
    if args.shape == "tiny":
        cfg.update(TINY_OVERRIDES)
    if args.layers is not None:
        if args.layers < 1:
            fail("--layers must be at least 1")
        cfg["num_hidden_layers"] = cfg["max_window_layers"] = args.layers

    gguf_path = args.tokenizer_from or default_tokenizer_gguf()
    if not os.path.isfile(gguf_path):
        fail(f"{gguf_path}: no such file; fetch the default model with scripts/fetch-model.sh or pass --tokenizer-from")
    try:
        tokenizer, tcfg, ids, tok_desc = build_tokenizer(gguf_path, cfg["vocab_size"], cfg["max_position_embeddings"])
    except (GgufError, OSError) as e:
        fail(str(e))

    tensors = tensor_list(cfg)
    shards = split_shards(tensors, args.max_shard_size)
    total = sum(nbytes(t[1]) for t in tensors)
    prepare_out_dir(args.out_dir, args.force, total)

    # SIGTERM unwinds like Ctrl-C, so the shard being written is removed, not left half-done.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    gen = Weights(cfg, args.seed)
    plan = gen.plan
    print(f"{PROG}: {args.shape}, {cfg['num_hidden_layers']} layers, {len(tensors)} tensors, {total / 1e9:.2f} GB "
          f"in {len(shards)} shard(s), seed {args.seed}; massive-activation channels {plan['channels']} "
          f"planted in layers {sorted(plan['layers'])}", file=sys.stderr, flush=True)
    t0 = time.monotonic()
    progress = Progress(len(tensors), total)
    weight_map = {}
    for i, shard in enumerate(shards):
        fname = "model.safetensors" if len(shards) == 1 else f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        write_safetensors(os.path.join(args.out_dir, fname), shard, gen, progress)
        weight_map.update({t[0]: fname for t in shard})
    if len(shards) > 1:
        write_json_atomic(os.path.join(args.out_dir, "model.safetensors.index.json"),
                          {"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2, sort_keys=True)

    write_json_atomic(os.path.join(args.out_dir, "tokenizer.json"), tokenizer, ensure_ascii=False, separators=(",", ":"))
    write_json_atomic(os.path.join(args.out_dir, "tokenizer_config.json"), tcfg, indent=2, ensure_ascii=False)
    gcfg = {"bos_token_id": ids["bos"], "eos_token_id": ids["eos"], "pad_token_id": ids["pad"],
            "transformers_version": cfg["transformers_version"]}
    write_json_atomic(os.path.join(args.out_dir, "generation_config.json"), {k: v for k, v in gcfg.items() if v is not None},
                      indent=2, sort_keys=True)
    info = {
        "what": "synthetic checkpoint with Qwen3 shapes and random weights, for scale tests only; "
                "perplexities and quantization errors measured on it mean nothing",
        "script": "scripts/make-synthetic-model.py",
        "script_version": SCRIPT_VERSION,
        "shape": args.shape,
        "seed": args.seed,
        "num_hidden_layers": cfg["num_hidden_layers"],
        "parameters": total // 2,
        "total_bytes": total,
        "linear_rms": LINEAR_RMS,
        "massive_activations": {
            "residual_channels": plan["channels"],
            "signs": plan["signs"],
            "layers": sorted(plan["layers"]),
            "neurons": {str(l): k for l, k in sorted(plan["layers"].items())},
            "down_proj_magnitude": plan["down_magnitude"],
            "how": "in each planted layer the listed MLP neurons have gate_proj and up_proj rows along one "
                   "direction (RMS dot_std/sqrt(hidden)), so they output about (w.x)^2 for the tokens where "
                   "w.x > 0; their down_proj column writes sign*magnitude into each residual channel",
            "dot_std": plan["dot_std"],
        },
        "tokenizer": {**tok_desc, "source": os.path.abspath(tok_desc["source"]),
                      "sha256": sha256_of(gguf_path)},
        "config_note": "config.json keeps Qwen3-8B's bos/eos ids (151643/151645), which name padding tokens "
                       "of this tokenizer; tokenizer_config.json and generation_config.json name the real ones",
    }
    write_json_atomic(os.path.join(args.out_dir, "synthetic_info.json"), info, indent=2)
    # config.json last: a directory without it is not taken for a model.
    write_json_atomic(os.path.join(args.out_dir, "config.json"), cfg, indent=2, sort_keys=True)

    secs = time.monotonic() - t0
    print(f"{PROG}: wrote {args.out_dir}: {len(tensors)} tensors, {total} bytes of weights ({total / 1e9:.2f} GB) "
          f"in {len(shards)} shard(s), {secs:.1f} s; massive-activation channels {plan['channels']} "
          f"(signs {plan['signs']}) in layers {sorted(plan['layers'])}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        fail("interrupted; the shard being written was removed", 130)
