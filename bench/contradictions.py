"""Self-contradicting reasons, counted from the published text alone (issue 9: "0 self-contradicting reasons").

Independent of risk/: it reads `reason_en` as scores.csv and selection.csv publish it and counts the enterprises whose
"lowering the risk:" clause names a record that can only raise a risk — a serious-dishonesty listing, an unrectified
or a past violation, a bad credit record, a complaint, a worse official grade. Shared by bench/risk_worlds.py and
the held-out harness bench/foreign2/run.py.
"""

from __future__ import annotations

import re

import pandas as pd

RISK_RAISING_EN = ("serious-dishonesty", "not rectified", "bad credit record", "violation(s) found", "of them serious", "serious one(s)",
                   "finding(s)", "minor issue", "complaint(s)", "last inspection found", "official credit grade C",
                   "official credit grade D", "referral(s) from another authority")


def contradicting(reason_en: pd.Series) -> int:
    """How many reasons read a risk-raising record as lowering the risk."""
    lowering = reason_en.fillna("").str.partition("owering the risk:")[2].str.partition("aising the risk:")[0]
    # "no bad credit record in force" is a clean record lowering the risk, not a contradiction (review8)
    pattern = "|".join(rf"(?<!\bno ){re.escape(phrase)}" for phrase in RISK_RAISING_EN)
    return int(lowering.str.contains(pattern, regex=True).sum())
