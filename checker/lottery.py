"""The two draws of 双随机, written again from rules.md with nothing but hmac and hashlib.

- R-SAMPLE, "The lottery": each tier's seeded, risk-weighted lottery of enterprises;
- R-OFFICER-DRAW: the order in which a visit's officers are taken.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable


def _digest(seed: str, message: str) -> bytes:
    return hmac.new(seed.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()  # pragma: no mutate (UTF-8 ≡ utf-8)


def lottery_key(seed: str, tier: str, enterprise_id: str, risk_score: float, min_weight: float, uniform: bool) -> float:
    """key = ln(u) / w, u from the first 8 bytes of HMAC-SHA256(seed, "{tier}|{enterprise_id}")."""
    # pragma: no mutate: ±0.5 vanishes in a float of 2**63, and "big" is from_bytes' default — equivalent mutants
    u = (int.from_bytes(_digest(seed, f"{tier}|{enterprise_id}")[:8], "big") + 0.5) / 2**64  # pragma: no mutate
    w = 1.0 if uniform else max(risk_score, min_weight)
    return math.log(u) / w


def redraw(seed: str, tier: str, pool: Iterable[tuple[str, float]], min_weight: float, uniform: bool) -> dict[str, int]:
    """enterprise_id → draw_rank: keys from largest to smallest, ties by the smaller enterprise_id."""
    keyed = sorted(((lottery_key(seed, tier, e, s, min_weight, uniform), e) for e, s in pool), key=lambda k: (-k[0], k[1]))
    return {e: rank for rank, (_, e) in enumerate(keyed, start=1)}


def tier_places(ratio: float, pool_size: int) -> int:
    """ceil(sample_ratio × pool size); the product is rounded to 9 places first so 0.2 × 1500 is 300."""
    return math.ceil(round(ratio * pool_size, 9))


def officer_order(seed: str, visit_id: str, officer_id: str) -> str:
    """R-OFFICER-DRAW's sort key: the hex HMAC-SHA256(seed, "officer|{visit_id}|{officer_id}"); smaller is taken first."""
    return _digest(seed, f"officer|{visit_id}|{officer_id}").hex()
