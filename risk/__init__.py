"""Violation risk: features as of a cut-off, a calibrated scikit-learn model, tiers (R-TIER), reasons."""

from risk.score import Factor, Scores, score_bundle

__all__ = ["Factor", "Scores", "score_bundle"]
