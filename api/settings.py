"""Settings from the environment (pydantic-settings): INSPECTION_* or DATABASE_URL.

Every cap the service enforces lives here, once (issue 13): refusals name the setting."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# user:password@ in any URL (scheme://user:password@host): everything between the first ':' after the user and the
# LAST '@' is masked, so an unencoded '@' or ':' inside the password (walk44 G5) cannot leave a piece of it shown
_CREDENTIALS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)\S*@")


def hide_credentials(text: str) -> str:
    """`text` with the password of every URL in it masked (***): for anything printed or logged."""
    return _CREDENTIALS.sub(r"\1***@", text)


def database_url_problem(url: str) -> tuple[str, str] | None:
    """Why DATABASE_URL cannot be used as it is written (中文, English), or None. Never quotes the password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    encode_zh = "密码（或用户名）中的 @ : % / 须写成 %40 %3A %25 %2F"
    encode_en = "an @ : % / in the password (or user name) must be written %40 %3A %25 %2F"
    try:
        u = make_url(url)
    except ArgumentError:
        return ("无法解析，应形如 postgresql+psycopg://用户:密码@主机:5432/数据库 或 sqlite:///路径",
                "cannot be parsed: it should read postgresql+psycopg://user:password@host:5432/database or sqlite:///path")
    except ValueError:  # a port that is not a number: most often the rest of a password with an unencoded '@' or ':'
        return f"无法解析（端口不是数字）：{encode_zh}", f"cannot be parsed (the port is not a number): {encode_en}"
    if u.host and "@" in u.host:  # user:pa@ss@host parses with the host "ss@host": a piece of the password
        return f"无法解析（主机名中含 @）：{encode_zh}", f"cannot be parsed (an @ in the host name): {encode_en}"
    try:
        u.get_dialect()
    except NoSuchModuleError:
        hint = "（PostgreSQL 请写 postgresql+psycopg://）" if u.drivername.startswith("postgres") else ""
        return (f"不支持的数据库类型 {u.drivername}{hint}：应为 postgresql+psycopg:// 或 sqlite:///",
                f"unknown database kind {u.drivername}: use postgresql+psycopg:// (PostgreSQL) or sqlite:/// (SQLite)")
    return None


class SettingsInvalid(ValueError):
    """A setting from the environment that cannot be used, said in one paragraph per language naming the variable
    (DATABASE_URL, INSPECTION_TOKEN_HOURS …), never the password (walk44 G5: 64 to 169 lines of traceback, one of them
    ending in a piece of the database password)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems  # (variable, 中文, English)
        self.zh = "设置无效，未做任何处理：" + "；".join(f"{var} {zh}" for var, zh, _ in problems)
        self.en = "invalid setting(s), nothing was done: " + "; ".join(f"{var} {en}" for var, _, en in problems)
        super().__init__(f"{self.zh} / {self.en}")

    @classmethod
    def of(cls, e: ValidationError) -> SettingsInvalid:
        problems = []
        for err in e.errors(include_url=False):
            field = str(err["loc"][0]) if err["loc"] else ""
            var = "DATABASE_URL" if field in ("database_url", "DATABASE_URL") else f"INSPECTION_{field.upper()}"
            if var == "DATABASE_URL" and isinstance(cause := (err.get("ctx") or {}).get("error"), UrlInvalid):
                zh, en = cause.zh, cause.en
            else:
                given = hide_credentials(str(err.get("input", "")))[:80]
                what = _KINDS.get(err["type"], "")
                if field == "public_url":
                    what = "应形如 https://jc.example.gov.cn"
                zh, en = f"的值 {given!r} 无效（{what or err['msg']}）", f"= {given!r} is invalid: {err['msg']}"
            problems.append((var, zh, en))
        return cls(problems)


# pydantic's error types, in Chinese (the English is pydantic's own message)
_KINDS = {"float_parsing": "应为数字", "int_parsing": "应为整数", "bool_parsing": "应为 true 或 false", "greater_than": "数值过小",
          "string_too_long": "过长", "string_pattern_mismatch": "格式不对", "int_from_float": "应为整数"}


class UrlInvalid(ValueError):
    def __init__(self, url: str, zh: str, en: str):
        shown = hide_credentials(url)[:200]
        self.zh, self.en = f"{zh}（{shown}）", f"{en} ({shown})"
        super().__init__(self.en)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INSPECTION_", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="sqlite:///./inspection.db", validation_alias="DATABASE_URL")
    data_dir: Path = Path("./inspection-data")  # uploaded bundles' files and plan folders
    token_hours: float = 12.0
    # None: scheduler.plan.PlanOptions' default, the one solver configuration (api.services.solver_options)
    plan_time_limit: float | None = None  # CP-SAT deterministic seconds per part
    plan_processes: int | None = None
    plan_use_solver: bool | None = None  # False: the greedy planner alone
    # a plan made during its own year places no visit before R-INSERT's freeze from the service's day (walk42 F2:
    # api.services.first_plannable); False: the whole year, as the CLI plans (INSPECTION_PLAN_FROM_TODAY=false)
    plan_from_today: bool = True
    dask_scheduler: str | None = None  # INSPECTION_DASK_SCHEDULER: "dask" (a LocalCluster) or tcp://host:8786 solves the districts on Dask
    max_upload_mb: int = 200  # the upload as sent (compressed)
    cookie_secure: bool | None = None  # None: Secure cookies exactly when `production`

    # one server per data directory and database (api.claim): False only where one process builds many apps on
    # throwaway databases (the tests: every claim holds a file and, on PostgreSQL, a connection for the process's life)
    single_server: bool = True

    # INSPECTION_FORWARDED_ALLOW_IPS: the reverse proxy's address(es), comma-separated, whose X-Forwarded-For and
    # X-Forwarded-Proto are believed; None: no proxy header is believed, the client is the connection's peer (ops30:
    # uvicorn's default believed 127.0.0.1, so anyone on the host chose the address logins are throttled and logged by)
    forwarded_allow_ips: str | None = Field(default=None, max_length=500)

    # production mode (生产模式): no demo users, a real admin, no /docs, error ids instead of details
    production: bool = False
    # INSPECTION_PUBLIC_URL: the address enterprises reach the service at (https://jc.example.gov.cn), printed in the
    # notices' QR codes; None: the address of the request that printed them (walk8: an intranet machine printed
    # http://127.0.0.1:8765 on notices served to enterprises)
    public_url: str | None = Field(default=None, max_length=200, pattern=r"^https?://[^\s/]+(/[^\s]*)?$")
    docs_enabled: bool | None = None  # None: /docs only outside production

    # uploads: validated in a worker process behind these caps (上传限制)
    upload_max_decompressed_mb: int = 600  # all kept files together, after unzipping
    upload_max_ratio: int = 200  # decompressed / compressed, per zip member over 1 MB
    upload_max_rows: int = 1_000_000  # per table (CSV file or sheet)
    upload_max_columns: int = 100  # per table
    upload_max_sheets: int = 32  # per workbook
    upload_max_problems: int = 500  # problems listed; the rest counted
    upload_worker_mb: int = 768  # address space of the validating process (RLIMIT_AS): a city bundle needs < 512; a province ~2048
    upload_worker_seconds: float = 300.0  # then its process group is killed
    upload_workers: int = 1  # validations at once; others wait …
    upload_wait_seconds: float = 20.0  # … this long, then 503 with Retry-After

    # logins (登录限制)
    login_window_seconds: int = 900
    login_max_per_account: int = 10  # attempts per account and window (a success clears it)
    login_max_per_address: int = 30  # attempts per client address and window
    login_verify_concurrency: int = 1  # argon2 checks at once (one uses both cores for ~0.5 s: its 4 lanes are threads)
    login_queue: int = 8  # logins waiting for a check; more: 429 at once
    password_min_length: int = 10

    # plan jobs (计划生成任务)
    job_quota: int = 2  # queued or running plans per user

    @field_validator("database_url")
    @classmethod
    def _usable_url(cls, url: str) -> str:
        problem = database_url_problem(url)
        if problem:
            raise UrlInvalid(url, *problem)
        return url

    @property
    def secure_cookies(self) -> bool:
        return self.production if self.cookie_secure is None else self.cookie_secure

    @property
    def show_docs(self) -> bool:
        return (not self.production) if self.docs_enabled is None else self.docs_enabled


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment; SettingsInvalid (said, not a traceback) when one cannot be used."""
    try:
        return Settings()
    except ValidationError as e:
        raise SettingsInvalid.of(e) from None
