"""The FastAPI application: routers by resource, pages, static assets served by the app itself."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.db import make_engine, migrate
from api.folders import Folders
from api.routers import audit, auth, bundles, pages, plans, public
from api.services import Jobs
from api.settings import Settings, get_settings

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    app = FastAPI(title="涉企行政检查年度计划 · Inspection planner", version="0.1.0")
    app.state.settings = settings
    app.state.engine = engine
    app.state.jobs = Jobs(engine, settings)
    app.state.folders = Folders(settings)
    for r in (auth.router, bundles.router, plans.router, public.router, audit.router, pages.router):
        app.include_router(r)
    from api.routers import codes, visits  # the year in motion (issue 11)

    app.include_router(visits.router)
    app.include_router(codes.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
