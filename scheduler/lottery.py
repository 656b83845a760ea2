"""The seeded weighted lottery 双随机 (R-SAMPLE), exactly as rules.md specifies.

Anyone holding selection.csv (its published 6-decimal `risk_score`) and the seed can
redraw it: see docs/redraw.py, which needs nothing but the standard library.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable


def draw_key(seed: str, tier: str, enterprise_id: str, risk_score: float, min_weight: float, uniform: bool) -> float:
    h = hmac.new(seed.encode("utf-8"), f"{tier}|{enterprise_id}".encode(), hashlib.sha256).digest()
    u = (int.from_bytes(h[:8], "big") + 0.5) / 2**64
    w = 1.0 if uniform else max(risk_score, min_weight)
    return math.log(u) / w


def draw_ranks(
    seed: str, tier: str, pool: Iterable[tuple[str, float]], min_weight: float = 0.05, uniform: bool = False
) -> dict[str, int]:
    """enterprise_id → draw_rank (1 = drawn first): keys from largest to smallest, ties by smaller id."""
    keyed = [(draw_key(seed, tier, eid, score, min_weight, uniform), eid) for eid, score in pool]
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return {eid: i for i, (_, eid) in enumerate(keyed, start=1)}


def places(sample_ratio: float, pool_size: int) -> int:
    """ceil(sample_ratio × pool size), computed so that 0.2 × 1500 is 300, not 301."""
    return math.ceil(round(sample_ratio * pool_size, 9))
