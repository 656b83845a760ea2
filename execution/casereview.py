"""R-CASE-REVIEW 案卷评查: each quarter a seeded lottery picks `case_review_ratio` of the quarter's archived
case files. The draw is R-SAMPLE's with message "case|{quarter}|{case_id}" and uniform weights, so
anyone can redraw it with the standard library alone (this module imports nothing else):

    python -c "from execution.casereview import draw; print(draw('SEED', '2027Q1', ['V000001', ...], 0.1))"
"""

from __future__ import annotations

import hashlib
import hmac
import math


def quarter_of(iso_date: str) -> str:
    """'2027-05-03' → '2027Q2'."""
    return f"{iso_date[:4]}Q{(int(iso_date[5:7]) - 1) // 3 + 1}"


def draw_key(seed: str, quarter: str, case_id: str) -> float:
    """key = ln(u) / w with w = 1 (uniform), u from HMAC-SHA256(seed, "case|{quarter}|{case_id}") as rules.md gives it."""
    h = hmac.new(seed.encode("utf-8"), f"case|{quarter}|{case_id}".encode(), hashlib.sha256).digest()
    u = (int.from_bytes(h[:8], "big") + 0.5) / 2**64
    return math.log(u)


def draw(seed: str, quarter: str, case_ids: list[str], ratio: float) -> list[str]:
    """The drawn case files, in draw order: keys largest first (ties: smaller id), ceil(ratio × n) places."""
    ranked = sorted(set(case_ids), key=lambda c: (-draw_key(seed, quarter, c), c))
    return ranked[: math.ceil(ratio * len(ranked))]
