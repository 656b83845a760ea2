"""What the plan holds about selection besides visits: sampled enterprises in draw order, the skipped
ones with the resource that ran out, and shortfalls found before or after solving."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.requirements import Entry


@dataclass
class Selection:
    entries: dict[str, list[Entry]]  # district → required agency-visits for its solver
    teams: dict[str, dict[str, str]]  # agency-visit key → agency → team_id (filled as placed)
    sampled: dict[str, list[str]]  # tier → enterprises placed, in draw order
    skipped: dict[str, str]  # enterprise → why it could not be placed (capacity), in words
    by_enterprise: dict[str, list[Entry]] = field(default_factory=dict)  # sampled agency-visits per enterprise
    shortfalls: list[dict[str, object]] = field(default_factory=list)
    skipped_zh: dict[str, str] = field(default_factory=dict)  # the same in Chinese (selection.csv's reason_zh)
