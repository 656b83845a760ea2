"""Checker break cases that kill surviving mutants of checker/ (mutation testing, `make mutation`)."""

from __future__ import annotations
