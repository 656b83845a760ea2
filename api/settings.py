"""Settings from the environment (pydantic-settings): INSPECTION_* or DATABASE_URL."""

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
    max_upload_mb: int = 200
    cookie_secure: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
