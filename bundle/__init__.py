"""The planner's upload: bundle loading and validation, the policy, the working-day calendar.

Imports none of risk/, scheduler/ or api/: they all read bundles through this package.
"""

from bundle.loader import Bundle, load_bundle
from bundle.policy import Policy, TierPolicy
from bundle.problems import BundleInvalid, Problem
from bundle.workcal import CalendarGap, WorkCalendar

__all__ = ["Bundle", "BundleInvalid", "CalendarGap", "Policy", "Problem", "TierPolicy", "WorkCalendar", "load_bundle"]
