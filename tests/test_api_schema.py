"""schemathesis over the OpenAPI schema: generated requests, as a planner, never a server error."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from api_helpers import make_client, token
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

_tmp = Path(tempfile.mkdtemp(prefix="schemathesis-"))
_client = make_client(f"sqlite:///{_tmp / 'fuzz.db'}", _tmp / "data")
HEADERS = token(_client, "planner")
# logout would end the one session the fuzzing runs in (tests/test_hostile.py covers it)
schema = schemathesis.openapi.from_asgi("/openapi.json", _client.app).exclude(path="/api/auth/logout")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=HEADERS, checks=[not_a_server_error])
