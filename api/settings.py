"""Settings from the environment (pydantic-settings): INSPECTION_* or DATABASE_URL.

Every cap the service enforces lives here, once (issue 13): refusals name the setting."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    @property
    def secure_cookies(self) -> bool:
        return self.production if self.cookie_secure is None else self.cookie_secure

    @property
    def show_docs(self) -> bool:
        return (not self.production) if self.docs_enabled is None else self.docs_enabled


@lru_cache
def get_settings() -> Settings:
    return Settings()
