"""What runs: the release (the package's version) and, run from a git checkout, its commit — for `inspection
--version`, /healthz and the start-up log, so an admin can confirm an upgrade (walk44 G15)."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@lru_cache
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        v = package_version("inspection-planner")
    except PackageNotFoundError:
        v = "unknown"
    if not (ROOT / ".git").exists():  # installed, not a checkout
        return v
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return v
    return f"{v} ({commit})" if commit else v
