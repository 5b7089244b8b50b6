# Launcher for lm-eval 0.4.9.1 under transformers 5.x, with no change to any installed file.
# lm_eval/models/hf_vlms.py reads transformers.AutoModelForVision2Seq (removed in transformers 5)
# at class-definition time, so `import lm_eval.models` fails. We alias it to
# AutoModelForImageTextToText before lm_eval imports it. Importing peft swaps the
# `transformers` entry of sys.modules for a fresh lazy module, so peft is imported first
# and the alias is set on the module object that lm_eval will then see. The text-only HFLM
# path used for these evaluations never uses the alias.
import sys
import peft  # noqa: F401  (must precede the alias, see above)
import transformers
t = sys.modules["transformers"]
if "AutoModelForVision2Seq" not in t.__dict__:
    try:
        t.AutoModelForVision2Seq  # noqa: B018
    except AttributeError:
        t.AutoModelForVision2Seq = t.AutoModelForImageTextToText
from lm_eval.__main__ import cli_evaluate
sys.exit(cli_evaluate())
