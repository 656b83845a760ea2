"""schemathesis over the OpenAPI schema: generated requests, as a planner, never a server error.

One test per operation, named by it (`test_no_server_error[POST /api/plans]`): schemathesis' own `parametrize` gives
every operation the same test id, and pytest-xdist (`make test` runs two workers) keeps one item per id, so 50 of the
51 operations went untested there."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from api_helpers import make_client, token
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

_tmp = Path(tempfile.mkdtemp(prefix="schemathesis-"))
_client = make_client(f"sqlite:///{_tmp / 'fuzz.db'}", _tmp / "data")
HEADERS = token(_client, "planner")
# logout would end the one session the fuzzing runs in (tests/test_hostile.py covers it)
schema = schemathesis.openapi.from_asgi("/openapi.json", _client.app).exclude(path="/api/auth/logout")
OPERATIONS = sorted(result.ok().label for result in schema.get_all_operations())


def test_every_operation_is_fuzzed() -> None:
    """The list the fuzzing walks is every operation the app publishes (less logout): an operation schemathesis could
    not read would otherwise drop out of the list unseen."""
    published = {f"{method.upper()} {path}" for path, item in _client.app.openapi()["paths"].items() for method in item}
    assert set(OPERATIONS) == published - {"POST /api/auth/logout"}
    assert len(OPERATIONS) == len(set(OPERATIONS)) > 40


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_server_error(label: str) -> None:
    operation = schema.find_operation_by_label(label)
    assert operation is not None

    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    def fuzz(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(headers=HEADERS, checks=[not_a_server_error])

    fuzz()
