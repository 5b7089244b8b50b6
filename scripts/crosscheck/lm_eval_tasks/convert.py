# Convert the original-release files to the HF datasets' column layouts (JSON lines).
import csv, json, os
import sys
R = sys.argv[1]; O = sys.argv[2]
def wj(name, rows):
    with open(f"{O}/{name}", "w", encoding="utf-8") as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
def rl(p): return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
L = "ABCD"
for subj in ["high_school_geography", "elementary_mathematics"]:
    for split in ["dev", "test"]:
        rows = list(csv.reader(open(f"{R}/mmlu/{split}/{subj}_{split}.csv", encoding="utf-8", newline="")))
        wj(f"mmlu_{subj}_{split}.jsonl", [{"question": r[0], "subject": subj, "choices": r[1:5], "answer": L.index(r[5])} for r in rows])
for subj in ["computer_network", "high_school_history"]:
    for split in ["dev", "val"]:
        rows = list(csv.DictReader(open(f"{R}/ceval/{split}/{subj}_{split}.csv", encoding="utf-8", newline="")))
        wj(f"ceval_{subj}_{split}.jsonl", [{"id": int(r["id"]), "question": r["question"], "A": r["A"], "B": r["B"], "C": r["C"], "D": r["D"],
                                            "answer": r["answer"], "explanation": r.get("explanation", "")} for r in rows])
for name, fn in [("arc_challenge", "ARC-Challenge-Test.jsonl"), ("arc_easy", "ARC-Easy-Test.jsonl")]:
    wj(f"{name}_test.jsonl", [{"id": o["id"], "question": o["question"]["stem"],
        "choices": {"text": [c["text"] for c in o["question"]["choices"]], "label": [c["label"] for c in o["question"]["choices"]]},
        "answerKey": o["answerKey"]} for o in rl(f"{R}/arc/{fn}")])
wj("hellaswag_validation.jsonl", [{"ind": o["ind"], "activity_label": o["activity_label"], "ctx_a": o["ctx_a"], "ctx_b": o["ctx_b"], "ctx": o["ctx"],
    "endings": o["endings"], "source_id": o["source_id"], "split": o["split"], "split_type": o["split_type"], "label": str(o["label"])}
    for o in rl(f"{R}/hellaswag/hellaswag_val.jsonl")])
labels = [int(x) for x in open(f"{R}/piqa/valid-labels.lst").read().split()]
wj("piqa_validation.jsonl", [{"goal": o["goal"], "sol1": o["sol1"], "sol2": o["sol2"], "label": l} for o, l in zip(rl(f"{R}/piqa/valid.jsonl"), labels, strict=True)])
wj("winogrande_validation.jsonl", [{"sentence": o["sentence"], "option1": o["option1"], "option2": o["option2"], "answer": o["answer"]} for o in rl(f"{R}/winogrande/dev.jsonl")])
wj("lambada_test.jsonl", [{"text": o["text"]} for o in rl(f"{R}/lambada/lambada_test.jsonl")])
print(sorted(os.listdir(O)))
