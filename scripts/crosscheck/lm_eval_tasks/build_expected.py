import json, glob, sys, math, os, re, platform
LMX = os.environ["LMX"]
import numpy as np
import peft  # see lm_eval_shim.py
import transformers
t = sys.modules["transformers"]
try: t.AutoModelForVision2Seq
except AttributeError: t.AutoModelForVision2Seq = t.AutoModelForImageTextToText
import torch
from transformers import AutoTokenizer, AutoModelForCausalLM
import lm_eval
from lm_eval.models.huggingface import HFLM

OUT = LMX + "/out"
RUNS = [  # (key, task, shots, run dir, [lm-eval task names in item order], group name or None)
 ("mmlu", 5, "mmlu_5shot", ["rsx_mmlu_elementary_mathematics", "rsx_mmlu_high_school_geography"], "rsx_mmlu"),
 ("mmlu", 0, "mmlu_0shot", ["rsx_mmlu_elementary_mathematics", "rsx_mmlu_high_school_geography"], "rsx_mmlu"),
 ("ceval", 5, "ceval_5shot", ["rsx_ceval-valid_computer_network", "rsx_ceval-valid_high_school_history"], "rsx_ceval-valid"),
 ("ceval", 0, "ceval_0shot", ["rsx_ceval-valid_computer_network", "rsx_ceval-valid_high_school_history"], "rsx_ceval-valid"),
 ("arc_challenge", 0, "arc_challenge_0shot", ["rsx_arc_challenge"], None),
 ("arc_easy", 0, "arc_easy_0shot", ["rsx_arc_easy"], None),
 ("hellaswag", 0, "hellaswag_0shot", ["rsx_hellaswag"], None),
 ("piqa", 0, "piqa_0shot", ["rsx_piqa"], None),
 ("winogrande", 0, "winogrande_0shot", ["rsx_winogrande"], None),
 ("lambada_openai", 0, "lambada_0shot", ["rsx_lambada_openai"], None),
]
timings = {}
for line in open(LMX + "/logs/timings.txt"):
    m = re.match(r"(\S+) rc=0 wall=([\d.]+)", line)
    if m: timings[m.group(1)] = round(float(m.group(2)), 1)

tok = AutoTokenizer.from_pretrained(LMX + "/model")
lm = HFLM(pretrained=LMX + "/model", dtype="float32", device="cpu", batch_size=1)
model = lm.model; model.eval()

def simple_pair(ctx, cont):
    # the brief's formula, plus lm-eval's move of trailing context whitespace into the continuation
    n = len(ctx) - len(ctx.rstrip())
    if n: ctx, cont = ctx[:-n], ctx[-n:] + cont
    whole = tok(ctx + cont, add_special_tokens=False)["input_ids"]
    c = tok(ctx, add_special_tokens=False)["input_ids"]
    return c, whole[len(c):], whole

@torch.no_grad()
def plain_ll(c, k):
    inp = torch.tensor([(c + k)[:-1]])
    lp = torch.log_softmax(model(inp).logits, dim=-1)[0, -len(k):]
    ll = lp.gather(1, torch.tensor(k)[:, None]).squeeze(1)
    return float(ll.sum()), bool((lp.argmax(-1) == torch.tensor(k)).all())

result = {"meta": {}, "runs": {}, "tokenization": {}}
checks = {"pairs": 0, "encode_pair_mismatch": 0, "prefix_not_preserved": [], "plain_forward": [], "chars_vs_bytes_flips": [], "trailing_ws_contexts": 0}
for key, shots, rdir, tasks, group in RUNS:
    res = json.load(open(glob.glob(f"{OUT}/{rdir}/*/results_*.json")[0]))
    run = {"task": key, "num_fewshot": shots, "lm_eval_tasks": tasks, "items": [], "aggregate": {}, "per_subject": {},
           "lm_eval_seconds": timings.get(rdir), "lm_eval_total_evaluation_time_seconds": float(res["total_evaluation_time_seconds"])}
    for tname in tasks:
        S = sorted((json.loads(l) for l in open(glob.glob(f"{OUT}/{rdir}/*/samples_{tname}_*.jsonl")[0])), key=lambda s: s["doc_id"])
        subject = None
        if key in ("mmlu", "ceval"):
            subject = tname.split("_", 2)[2] if key == "mmlu" else tname.split("_", 1)[1]
        for s in S:
            args = [(a["arg_0"], a["arg_1"]) for a in s["arguments"].values()]
            resps = [r[0] for r in s["resps"]]
            lls = [float(r[0]) for r in resps]
            greedy = [r[1] == "True" for r in resps]
            item = {"doc_id": s["doc_id"]}
            if subject: item["subject"] = subject
            ctxs = [a[0] for a in args]
            if len(set(ctxs)) == 1: item["context"] = ctxs[0]
            else: item["contexts"] = ctxs
            item["continuations"] = [a[1] for a in args]
            item["loglikelihoods"] = lls
            item["is_greedy"] = greedy
            if key == "lambada_openai":
                item["loglikelihood"] = lls[0]; item["is_greedy_single"] = greedy[0]
                item["acc"] = s["acc"]; item["perplexity_item_ll"] = s["perplexity"]
            else:
                gold = {"1": 0, "2": 1}[s["doc"]["answer"]] if key == "winogrande" else int(s["target"])
                item["gold"] = gold
                item["pred"] = int(np.argmax(lls))
                item["acc"] = s["acc"]
                if "acc_norm" in s:
                    item["acc_norm"] = s["acc_norm"]
                    # lm-eval: argmax(lls / len(choice)) with len() of the choice string (code points), delimiter excluded
                    item["choice_lengths_chars"] = [len(a[1]) - 1 if key != "winogrande" else None for a in args]
                    item["pred_norm"] = int(np.argmax(np.array(lls) / np.array(item["choice_lengths_chars"], dtype=float)))
                    item["choice_lengths_utf8_bytes"] = [len(a[1].encode()) - 1 for a in args]
                    pnb = int(np.argmax(np.array(lls) / np.array(item["choice_lengths_utf8_bytes"], dtype=float)))
                    if pnb != item["pred_norm"]:
                        checks["chars_vs_bytes_flips"].append({"run": f"{key}_{shots}shot", "doc_id": s["doc_id"], "pred_norm_chars (lm-eval)": item["pred_norm"], "pred_norm_bytes": pnb, "gold": item["gold"]})
                    assert (item["pred_norm"] == item["gold"]) == bool(s["acc_norm"]), (key, s["doc_id"])
                assert (item["pred"] == item["gold"]) == bool(s["acc"]), (key, s["doc_id"])
            run["items"].append(item)
            # tokenization checks on every request
            for (c, k) in args:
                ce, ke = lm._encode_pair(c, k)
                sc, sk, whole = simple_pair(c, k)
                checks["pairs"] += 1
                if c != c.rstrip(): checks["trailing_ws_contexts"] += 1
                if (ce, ke) != (sc, sk): checks["encode_pair_mismatch"] += 1
                cc = tok(c.rstrip(), add_special_tokens=False)["input_ids"]
                if whole[:len(cc)] != cc:
                    checks["prefix_not_preserved"].append({"run": f"{key}_{shots}shot", "doc_id": s["doc_id"], "context_tail": c[-30:], "continuation": k})
        r = res["results"][tname]
        run["per_subject" if group else "aggregate"][subject or tname] = {m.split(",")[0]: v for m, v in r.items() if m != "alias"} if group else None
        if not group:
            run["aggregate"] = {m.split(",")[0]: v for m, v in r.items() if m != "alias"}
    if group:
        run["aggregate"] = {m.split(",")[0]: v for m, v in res["results"][group].items() if m != "alias"}
        run["aggregate_note"] = "group aggregate, weight_by_size=True: acc is the mean over all items of both subjects; stderr is lm-eval's pooled_sample_stderr of the subjects"
    if not group: run.pop("per_subject")
    name = f"{key}_{shots}shot"
    log = open(f"{LMX}/logs/{rdir}.log", encoding="utf-8").read()
    run["printed_table"] = [l for l in log[log.index("hf (pretrained="):].rstrip().split("\n") if not l.endswith(" s")]
    result["runs"][name] = run
    # tokens of the first item of each (run, subject)
    firsts = {}
    for it in run["items"]:
        firsts.setdefault(it.get("subject", key), it)
    tk = {}
    for subj, it in firsts.items():
        reqs = []
        for i, k in enumerate(it["continuations"]):
            c = it["context"] if "context" in it else it["contexts"][i]
            ce, ke = lm._encode_pair(c, k)
            ll, gr = plain_ll(ce, ke)
            checks["plain_forward"].append({"run": name, "subject": subj, "choice": i, "lm_eval": it["loglikelihoods"][i], "plain_transformers": ll,
                                            "abs_diff": abs(ll - it["loglikelihoods"][i]), "greedy_same": gr == it["is_greedy"][i]})
            reqs.append({"context_ids": ce, "continuation_ids": ke, "continuation_pieces": tok.convert_ids_to_tokens(ke)})
        tk[subj] = {"doc_id": it["doc_id"], "requests": reqs}
    result["tokenization"][name] = tk

NOTABLE = [("hellaswag_0shot", 12, "WikiHow ending: '[title] X' -> preprocess leaves ' X', so the continuation starts with two spaces"),
           ("hellaswag_0shot", 3, "ctx_b.capitalize() lowercases the rest: 'Eiffel Tower' -> 'eiffel tower'"),
           ("winogrande_0shot", 11, "blank right before the final period: continuation is ' .'"),
           ("arc_easy_0shot", 14, "multi-byte choices (subscript two, 3 UTF-8 bytes): acc_norm by chars (lm-eval) picks NaCl, by bytes would pick H2O"),
           ("mmlu_5shot", 4, "elementary_mathematics doc 4: question with an embedded newline (CSV multi-line field)")]
result["notable_items_tokenization"] = []
for rn, did, why in NOTABLE:
    items = [it for it in result["runs"][rn]["items"] if it["doc_id"] == did]
    it = items[0]
    reqs = []
    for i, k in enumerate(it["continuations"]):
        c = it["context"] if "context" in it else it["contexts"][i]
        ce, ke = lm._encode_pair(c, k)
        reqs.append({"context_ids_tail": ce[-8:], "context_len": len(ce), "continuation_ids": ke, "continuation_pieces": tok.convert_ids_to_tokens(ke)})
    result["notable_items_tokenization"].append({"run": rn, "doc_id": did, "subject": it.get("subject"), "why": why, "requests": reqs})

result["meta"] = {
    "model": LMX + "/model (rotoscope-cli export default --recipe {\"name\": \"float\"} --to hf --dtype f32; SmolLM2-135M-Instruct Q4_1 GGUF dequantized to float32)",
    "lm_eval_version": lm_eval.__version__ if hasattr(lm_eval, "__version__") else "0.4.9.1",
    "transformers_version": transformers.__version__, "torch_version": torch.__version__, "datasets_version": __import__("datasets").__version__,
    "numpy_version": np.__version__, "python": platform.python_version(),
    "model_args": "pretrained=" + LMX + "/model,dtype=float32", "device": "cpu", "batch_size": 1,
    "bos_added": False, "add_bos_token": lm.add_bos_token, "prefix_token_id": lm.prefix_token_id, "max_length": lm.max_length,
    "tokenizer_bos": [tok.bos_token, tok.bos_token_id], "tokenizer_eos": [tok.eos_token, tok.eos_token_id],
    "loglikelihood_note": "float(sum of float32 log_softmax values) over continuation tokens; logits computed on (context_ids + continuation_ids)[:-1], no BOS, no padding at batch size 1",
    "item_order": "per run: lm-eval subtasks in the listed order (MMLU/C-Eval subjects alphabetical), then doc_id = row order in the data file",
}
result["checks"] = {"requests_checked": checks["pairs"], "HFLM._encode_pair_vs_brief_formula_mismatches": checks["encode_pair_mismatch"],
                    "context_tokens_not_a_prefix_of_whole": checks["prefix_not_preserved"],
                    "requests_whose_context_ends_in_whitespace": checks["trailing_ws_contexts"],
                    "acc_norm_items_where_chars_vs_bytes_normalization_disagree": checks["chars_vs_bytes_flips"],
                    "plain_transformers_forward_vs_lm_eval_first_items": checks["plain_forward"]}
json.dump(result, open(LMX + "/expected.json", "w"), ensure_ascii=False, indent=1)
print(json.dumps(result["checks"], ensure_ascii=False, indent=1)[:6000])
for n, r in result["runs"].items(): print(n, r["aggregate"], r.get("lm_eval_seconds"))
