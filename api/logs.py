"""The server's logs, as an administrator reads them (ops30): every line with its time and its logger, the product's
own loggers (`inspection.*`: errors with the id the user's page shows, refused logins, jobs) beside uvicorn's, and
no inspection code (检查码) in the access log — a code is the enterprise's key to its visit page, and logs are read
by more people than the enterprise."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

# /v/{code}, /v/{code}/qr.svg, /api/v/{code}: the code is the path segment after v/; also as a login's next
# (/login?next=/v/{code}, or percent-encoded, round 30: the code page's login link for officers)
CODE_IN_PATH = re.compile(r"(/v/|%2Fv%2F)[^/?#&\s\"%]+", re.IGNORECASE)


def hide_codes(text: str) -> str:
    """Inspection codes in paths, and the password of any URL (walk44 G5: a database URL in a log line), masked."""
    from api.settings import hide_credentials

    return hide_credentials(CODE_IN_PATH.sub(r"\1***", text))


class HideCodes(logging.Filter):
    """uvicorn's access record carries the path in its args (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(hide_codes(a) if isinstance(a, str) else a for a in record.args)
        record.msg = hide_codes(str(record.msg))
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own configuration with a time on every line, the codes hidden, and the `inspection` loggers routed
    to the same handler (before this they fell to Python's last-resort handler: no time, no level name)."""
    from uvicorn.config import LOGGING_CONFIG

    cfg = copy.deepcopy(LOGGING_CONFIG)
    cfg["formatters"]["default"]["fmt"] = "%(asctime)s %(levelprefix)s %(name)s: %(message)s"
    cfg["formatters"]["access"]["fmt"] = '%(asctime)s %(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s'
    cfg["filters"] = {"hide_codes": {"()": "api.logs.HideCodes"}}
    cfg["handlers"]["access"]["filters"] = ["hide_codes"]
    cfg["handlers"]["default"]["filters"] = ["hide_codes"]
    cfg["loggers"]["inspection"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return cfg
