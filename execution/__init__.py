"""The year in motion 计划执行 (rules.md "The year in motion"): an approved plan executed day by day.

Codes and notices (R-CODE, R-NOTICE), records (R-RECORD), deadlines (R-FEEDBACK, R-TRANSFER,
R-ARCHIVE, R-PUBLISH), case review (R-CASE-REVIEW), insertion of triggers (R-INSERT),
re-staffing (R-REPLAN), next year's history (R-LEARN) and the simulated year.

Works from an approved plan folder (visits.csv, selection.csv, plan.json, explain.json, as
plan.md names them) and its bundle; imports neither api/ nor the scheduler's internals, so the
service and the simulator share one code path.
"""

from execution.errors import YearError
from execution.year import Year

__all__ = ["Year", "YearError"]
