"""The FastAPI application: routers by resource, pages, static assets served by the app itself,
and the hardening of issue 13 (CSRF, headers, throttled logins, upload workers, job recovery,
integrity errors with an id, production mode)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import escape
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.claim import claim_server
from api.clock import zone
from api.db import make_engine, migrate
from api.folders import Folders
from api.guard import Guard, csrf_protect, error_json, error_response, install_jinja, refuse_changes_while_lost
from api.integrity import StoredFileError
from api.jobs import Jobs
from api.routers import audit, auth, bundles, pages, plans, public
from api.security import Logins, dummy_hash, purge_expired
from api.settings import Settings, get_settings
from api.uploads import UploadGate
from api.version import version

HERE = Path(__file__).parent


class NotReadyForProduction(RuntimeError):
    """Production mode refuses to start on demo users or without a real admin."""


def check_production(engine: Engine) -> None:
    from sqlmodel import select

    from api.models import User
    from api.security import DEMO_USERS, verify_password

    with Session(engine) as s:
        every = list(s.exec(select(User)))
        users = {u.username: u for u in every if u.disabled_at is None}  # a disabled account logs in nowhere
    demo = [n for n, _, pw in DEMO_USERS if n in users and verify_password(users[n].password_hash, pw)]
    if demo:
        # the commands exist (ops30: the message named "remove" and "set a new password", which did not)
        raise NotReadyForProduction(f"生产模式下不能有演示用户 / production mode refuses demo users with their demo passwords: {', '.join(demo)}"
                                    " (inspection user disable NAME, or inspection user passwd NAME --password-stdin)")
    if not any(u.role == "admin" for u in users.values()):
        disabled = [u.username for u in every if u.role == "admin" and u.disabled_at is not None]
        if disabled:  # walk44 G10: "add an admin" was the advice, and `user add root` answered "user root exists"
            raise NotReadyForProduction(f"生产模式需要一个启用的管理员，现有管理员已停用：{', '.join(disabled[:5])}（inspection user enable NAME） / "
                                        f"production mode needs an enabled admin; the admin(s) {', '.join(disabled[:5])} are disabled: "
                                        "inspection user enable NAME")
        raise NotReadyForProduction("生产模式需要一个管理员 / production mode needs an admin: "
                                    "inspection user add NAME --role admin --password-stdin")


def keep_private(data_dir: Path) -> None:
    """The stored bundles and plan folders made 0700/0600 at every start (walk44 G8): those written before this release
    (or by a restore's copy) were 0755/0644 under the usual umask, a plan.json's seed readable by any local account."""
    import logging

    from api.private import make_private

    for sub in ("bundles", "plans"):
        if (data_dir / sub).is_dir():
            try:
                make_private(data_dir / sub)
            except OSError as e:
                logging.getLogger("inspection.app").warning("%s: its files could not be made private (%s)", data_dir / sub, e)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.jobs.shutdown()  # running jobs' process groups die with the server, their plans say why


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # before the migration and the jobs' recovery, which would fail a live server's running plans (ops30)
    zone()  # an unknown INSPECTION_TIMEZONE stops the start, not the first request that asks the day
    if settings.production and os.environ.get("INSPECTION_TODAY"):
        # a demo's pinned day left in a production environment would freeze every deadline, notice and record date
        raise NotReadyForProduction(f"生产模式不能固定业务日期 INSPECTION_TODAY={os.environ['INSPECTION_TODAY']}：请删除该环境变量 / production "
                                    f"mode refuses a pinned service day INSPECTION_TODAY={os.environ['INSPECTION_TODAY']}: unset it")
    if settings.production and not settings.single_server:
        raise NotReadyForProduction("生产模式须为单一服务进程（INSPECTION_SINGLE_SERVER 不能为 false） / production mode runs as the one "
                                    "server of its data directory and database: INSPECTION_SINGLE_SERVER=false is for tests")
    if settings.single_server:
        claim_server(settings.data_dir, settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    keep_private(settings.data_dir)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    if settings.production:
        check_production(engine)
    docs = settings.show_docs
    app = FastAPI(title="涉企行政检查年度计划 · Inspection planner", version="0.1.0", lifespan=lifespan,
                  dependencies=[Depends(csrf_protect), Depends(refuse_changes_while_lost)],
                  docs_url="/docs" if docs else None, redoc_url="/redoc" if docs else None, openapi_url="/openapi.json" if docs else None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.jobs = Jobs(engine, settings)
    app.state.folders = Folders(settings, engine)
    app.state.logins = Logins.of(engine, settings)
    app.state.uploads = UploadGate(settings)
    for r in (auth.router, bundles.router, plans.router, public.router, audit.router, pages.router):
        app.include_router(r)
    from api.routers import jobs as jobs_router

    app.include_router(jobs_router.router)
    from api.routers import account, codes, visits  # the year in motion (issue 11); 我的账号

    app.include_router(visits.router)
    app.include_router(codes.router)
    app.include_router(account.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(Guard, max_body=(settings.max_upload_mb + 1) * 2**20, secure=settings.secure_cookies)
    install_jinja(pages.templates.env)

    @app.exception_handler(StoredFileError)
    def stored_file_error(request: Request, e: StoredFileError) -> Response:
        from api.integrity import report

        report(engine, e)
        if request.url.path.startswith("/api/"):
            return error_json(409, e.zh, e.en, error_id=e.error_id)
        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>409</title><p class=error>{escape(e.zh)} / {escape(e.en)}</p>"
                            "<p><a href=/>←</a></p>", status_code=409)

    from api.db import NulInText
    from api.guard import nul_response

    app.add_exception_handler(NulInText, nul_response)  # a NUL in any text: 422 naming the field, not PostgreSQL's 500
    from fastapi.exceptions import RequestValidationError

    from api.guard import validation_response

    app.add_exception_handler(RequestValidationError, validation_response)  # FastAPI's own 422, in Chinese and English too
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from api.guard import routing_response

    app.add_exception_handler(StarletteHTTPException, routing_response)  # an unknown address: 404 in both languages
    app.add_exception_handler(Exception, error_response)

    @app.get("/healthz", include_in_schema=False)
    def healthz(request: Request) -> Response:
        """For a load balancer or a monitor: 200 when the service answers and its database does, else 503 (ops30); 503
        too while another server process holds this one's database lock (api.claim.lost)."""
        from sqlalchemy import text

        from api.claim import lost

        if (holder := lost(request.app.state.settings.database_url)) is not None:
            return error_json(503, f"另一服务进程（{holder}）正在使用本数据库", f"another server process ({holder}) is using this database",
                              headers={"Retry-After": "30", "Cache-Control": "no-store"})

        with Session(request.app.state.engine) as s:
            s.exec(text("SELECT 1"))  # type: ignore[call-overload]  # an OperationalError here is error_response's 503
        return JSONResponse({"status": "ok", "version": version()}, headers={"Cache-Control": "no-store"})
    with Session(engine) as s:
        purge_expired(s)
        s.commit()
    app.state.recovered = app.state.jobs.recover()
    from api.services import keep_plan_files

    app.state.plan_files_kept = keep_plan_files(engine, settings)  # plans generated before migration 0007 (round 30)
    dummy_hash()  # the first unknown-user login must not pay for it (timing)
    import logging

    from api.db import shown_url

    logging.getLogger("inspection.app").info("inspection %s: database %s, data directory %s%s", version(), shown_url(settings.database_url),
                                             settings.data_dir.resolve(), ", production mode" if settings.production else "")
    return app
