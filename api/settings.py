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
    plan_time_limit: float = 5.0  # CP-SAT deterministic seconds per district
    plan_processes: int = 2
    dask_scheduler: str | None = None  # INSPECTION_DASK_SCHEDULER: "dask" (a LocalCluster) or tcp://host:8786 solves the districts on Dask
    max_upload_mb: int = 200
    cookie_secure: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
