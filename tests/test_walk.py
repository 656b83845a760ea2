"""What walking the demo as each role found (issue 9, walk): the demo must let one walk every role."""

from api.models import ROLES
from api.security import DEMO_USERS


def test_demo_has_a_user_for_every_role() -> None:
    """README sends the auditor to the lottery redraw; the demo had no auditor to log in as."""
    assert {role for _, role, _ in DEMO_USERS} == set(ROLES)
    assert DEMO_USERS[-1][0] == "admin"  # test_hostile's production check takes the last one as admin/admin-demo
