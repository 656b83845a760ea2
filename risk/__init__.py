"""Violation risk: features as of a cut-off, a calibrated scikit-learn model, tiers (R-TIER), reasons.

`from risk import score_bundle` loads risk.score (and scikit-learn) on first use only, so a light module such as
risk.tiers can be imported without it (`inspection why` formats scores with risk.tiers: 0.2 s of imports, not 1.1 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from risk.score import Factor, Scores, score_bundle

__all__ = ["Factor", "Scores", "score_bundle"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from risk import score

        return getattr(score, name)
    raise AttributeError(f"module 'risk' has no attribute {name!r}")
