"""Synthetic bureaus (Faker zh_CN) with a hidden true violation propensity."""

from scenarios.generate import Bureau, generate
from scenarios.presets import PRESETS, Preset

__all__ = ["PRESETS", "Bureau", "Preset", "generate"]
