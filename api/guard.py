"""Web hardening in one place: CSRF for cookie sessions, security headers, an early refusal of
oversized bodies, and error ids instead of tracebacks (issue 13).

CSRF: every unsafe request that authenticates by the pages' cookie must carry the session's
token (`csrf_for`), as the `X-CSRF-Token` header or a `csrf_token` form field. Bearer-token
calls are not CSRF-able (a browser never adds the header on its own) and skip it. Every POST form
of the templates writes `{{ csrf_field() }}`, the hidden field rendered on the server: the forms
work without JavaScript (web40); /static/csrf.js only arms a form that lacks it."""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, pass_context
from markupsafe import Markup, escape

from api.claim import lost
from api.security import csrf_for

log = logging.getLogger("inspection")
SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
COOKIE = "inspection_session"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS = ("/docs", "/redoc", "/openapi.json")
SESSIONS = frozenset({"/login", "/logout", "/api/auth/token", "/api/auth/logout"})


async def csrf_protect(request: Request) -> None:
    """An app-wide dependency: 403 for a cookie-authenticated unsafe request without the session's token."""
    if request.method in SAFE or request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    session_token = request.cookies.get(COOKIE)
    if not session_token:
        return  # no session to ride on: the route's own authentication answers
    supplied: Any = request.headers.get("x-csrf-token")
    if not supplied and request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        supplied = (await request.form()).get("csrf_token")  # Starlette caches the parsed form for the route
    # two refusals, each saying what helps (web40: "reload the page" was the advice where reloading could not help, a
    # form without the field)
    if not isinstance(supplied, str) or not supplied:
        raise HTTPException(403, "请求缺少 CSRF 令牌：本系统的网页表单自带该令牌（csrf_token 字段），其他客户端须在请求头 X-CSRF-Token 中提供，"
                                 "或改用 Bearer 令牌 / the request carries no CSRF token: the service's own forms carry it (field "
                                 "csrf_token); another client sends it as the X-CSRF-Token header, or uses a bearer token")
    if not hmac.compare_digest(supplied.encode(), csrf_for(session_token).encode()):
        # a form's token is its session's: a page opened before logging in again carries the old one, and opening the
        # page again gives the form the current one
        raise HTTPException(403, "CSRF 令牌与当前登录不符：该页面是在另一次登录时打开的，请重新打开页面后再提交 / the CSRF token is not "
                                 "this session's: the page was opened under another login; open the page again and resubmit")


async def refuse_changes_while_lost(request: Request) -> None:
    """An app-wide dependency: while another process holds this server's database lock (api.claim.lost), every unsafe
    request is refused, 503 with a time to retry; reading goes on, and so do logging in and out (a session's own row,
    nothing another server caches). A stale year in this server's cache written over the other's would lose what was
    recorded there."""
    if request.method in SAFE or request.url.path in SESSIONS:
        return
    holder = lost(request.app.state.settings.database_url)
    if holder is not None:
        raise HTTPException(503, f"另一服务进程（{holder}）正在使用本数据库：本服务暂停一切修改，请管理员停止其中一个 / another server "
                                 f"process ({holder}) is using this database: this server refuses every change until an administrator "
                                 "stops one of them", headers={"Retry-After": "30"})


def install_jinja(env: Environment) -> None:
    """`csrf_token()` and `csrf_field()` for templates (the request is in every page's context)."""

    @pass_context
    def csrf_token(ctx: Any) -> str:
        request = ctx.get("request")
        tok = request.cookies.get(COOKIE) if request is not None else None
        return csrf_for(tok) if tok else ""

    @pass_context
    def csrf_field(ctx: Any) -> Markup:
        return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(csrf_token(ctx)))

    env.globals["csrf_token"] = csrf_token
    env.globals["csrf_field"] = csrf_field
    from api.clock import local

    env.globals["local"] = local  # a stored moment in the service's time zone (api.clock)


def too_large(max_body: int) -> JSONResponse:
    return error_json(413, "请求过大", f"request body over {max_body // 2**20} MB")  # `detail` as it read before the envelope


class Guard:
    """Pure ASGI middleware: security headers on every answer; a body declared larger than the
    upload cap is refused (413) before anything reads it."""

    def __init__(self, app: Any, max_body: int, secure: bool):
        self.app, self.max_body, self.secure = app, max_body, secure

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            r = too_large(self.max_body)
            await r(scope, receive, send)
            return
        docs = scope["path"].startswith(DOCS)
        state = {"read": 0, "refused": False}

        async def counted_receive() -> dict[str, Any]:
            """A body without Content-Length (chunked) is counted as it streams: past the cap the
            client gets 413 and the app sees a disconnect (nothing spools to disk without end)."""
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > self.max_body:
                    state["refused"] = True
                    r = too_large(self.max_body)
                    await r(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: dict[str, Any]) -> None:
            if state["refused"]:
                return  # the 413 is already sent
            if message["type"] == "http.response.start":
                h = list(message.get("headers") or [])
                h += [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                if not docs:  # Swagger UI loads its script from a CDN
                    h.append((b"content-security-policy", CSP.encode()))
                if self.secure:
                    h.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = h
            await send(message)

        await self.app(scope, counted_receive, send_with_headers)


_SHAPE_ZH = {"missing": "缺少该项", "string_too_long": "过长", "string_too_short": "过短", "less_than_equal": "过大", "less_than": "过大",
             "greater_than_equal": "过小", "greater_than": "过小", "int_parsing": "应为整数", "int_from_float": "应为整数",
             "float_parsing": "应为数值", "bool_parsing": "应为 true 或 false", "string_type": "应为文本", "list_type": "应为列表",
             "dict_type": "应为 JSON 对象", "model_attributes_type": "应为 JSON 对象", "json_invalid": "JSON 格式错误",
             "string_pattern_mismatch": "格式不符", "extra_forbidden": "不接受该字段"}


def error_json(status: int, zh: str, en: str, detail: Any = None, headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    """Every error the API answers, in one envelope: `message_zh` and `message_en` at the top (with `field`, `rule`,
    `error_id` or `errors` where there are such), so a client reads any refusal the same way; `detail` stays as
    clients have read it until now — "中文 / English", a YearError's object, FastAPI's list of validation errors."""
    body = {"detail": f"{zh} / {en}" if detail is None else detail, "message_zh": zh, "message_en": en, **extra}
    return JSONResponse(body, status_code=status, headers=dict(headers) if headers else None)


def messages(detail: Any) -> tuple[str, str, dict[str, str]]:
    """An HTTPException's detail as (中文, English, the field and rule it names): ours are "中文 / English" or a
    YearError's object (execution.errors.YearError.as_dict); anything else in both languages, as its words allow."""
    if isinstance(detail, dict) and "message_zh" in detail and "message_en" in detail:
        return str(detail["message_zh"]), str(detail["message_en"]), {k: str(detail[k]) for k in ("field", "rule") if detail.get(k)}
    if isinstance(detail, str):
        zh, sep, en = detail.partition(" / ")
        return (zh, en, {}) if sep else (detail, detail, {})
    return "请求被拒绝", "request refused", {}


def _unechoed(error: dict[str, Any]) -> dict[str, Any]:
    """A validation error without the password it would echo: pydantic's `input` is the value refused, or for a missing
    field the whole body (review32b: a password change without `new_password` answered with the current password)."""
    def hide(key: object, value: Any) -> Any:
        if "password" in str(key).lower():
            return "***"
        if isinstance(value, dict):
            return {k: hide(k, v) for k, v in value.items()}
        return value

    if "input" not in error:
        return error
    return {**error, "input": hide(error.get("loc", ("",))[-1] if error.get("loc") else "", error["input"])}


def validation_response(request: Request, exc: Exception) -> Response:
    """FastAPI's RequestValidationError (a field missing, text for a number, too long) in Chinese and English, each
    naming the field; FastAPI's own list stays as `detail` for clients that read it. Pages get a page."""
    from fastapi.encoders import jsonable_encoder

    errors = list(getattr(exc, "errors", list)())
    zh, en = [], []
    for e in errors[:5]:
        field = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path", "form", "header", "cookie")) or "body"
        if e.get("type") == "json_invalid":  # its loc's number is a character position, not a field (walk29: "1：JSON 格式错误")
            field = "body"
        zh.append(f"{field}：{_SHAPE_ZH.get(str(e.get('type')), '取值无效')}")
        en.append(f"{field}: {e.get('msg', 'invalid')}")
    more = len(errors) - len(zh)
    message_zh = "请求格式错误 · " + "；".join(zh) + (f"；另有{more}处" if more > 0 else "")
    message_en = "malformed request · " + "; ".join(en) + (f"; {more} more" if more > 0 else "")
    if request.url.path.startswith("/api/"):
        return error_json(422, message_zh, message_en, detail=jsonable_encoder([_unechoed(e) for e in errors]))
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>422</title><p class=error>{escape(message_zh)} / {escape(message_en)}</p>"
                        "<p><a href=/>←</a></p>", status_code=422)


def nul_response(request: Request, exc: Exception) -> Response:
    """api.db.NulInText: 422 with the field, as JSON under /api/ and as a page elsewhere (nothing was stored). The field is
    the path or query parameter the user typed it in, where one holds it; else the column it was bound for."""
    from api.db import NulInText

    typed = [k for k, v in [*request.path_params.items(), *request.query_params.multi_items()] if "\x00" in str(v)]
    msg = str(NulInText(typed[0]) if typed else exc)
    if request.url.path.startswith("/api/"):
        zh, en, _ = messages(msg)
        return error_json(422, zh, en, detail=msg)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>422</title><p class=error>{escape(msg)}</p><p><a href=/>←</a></p>",
                        status_code=422)


def error_response(request: Request, exc: Exception) -> Response:
    """An unexpected error: the user sees an id, the server log has the traceback (never the user)."""
    from api.db import first_line, unreachable
    from api.private import DISK_FULL, disk_full

    error_id = secrets.token_hex(4)
    if unreachable(exc):
        # the database cannot be reached (stopped, restarted, a network cut) or stayed locked: the service recovers by
        # itself when it is back, so the answer is 503 with a time to retry, not an internal error (ops30: every
        # route, login included, answered 500 "tell an administrator" while PostgreSQL restarted)
        log.error("error %s on %s %s: database unavailable: %s", error_id, request.method, request.url.path,
                  first_line(getattr(exc, "orig", None) or exc))
        status, headers = 503, {"Retry-After": "30"}
        zh, en = f"数据库暂时无法访问（编号 {error_id}），请稍后重试", f"the database cannot be reached for now (id {error_id}): try again shortly"
    elif disk_full(exc):
        log.error("error %s on %s %s: disk full: %s", error_id, request.method, request.url.path, exc)
        status, headers = 507, {}
        zh, en = f"{DISK_FULL[0]}（编号 {error_id}）", f"{DISK_FULL[1]} (id {error_id})"
    else:
        log.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        status, headers = 500, {}
        zh, en = f"内部错误（编号 {error_id}），请联系管理员", f"internal error (id {error_id}): tell an administrator"
    if request.url.path.startswith("/api/"):
        return error_json(status, zh, en, error_id=error_id, headers=headers)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>{status}</title><p>{escape(zh)} / {escape(en)}</p><p><a href=/>←</a></p>",
                        status_code=status, headers=headers)


# Starlette's own answers (an unknown address, a method a route does not take) carry its English phrase alone
ROUTING_WORDS = {404: ("没有这个地址", "not found"), 405: ("不支持此请求方法", "method not allowed")}


async def routing_response(request: Request, exc: Exception) -> Response:
    """An HTTP error in Chinese and English: Starlette's bare "Not Found" / "Method Not Allowed" (no route matched) gets
    both languages, as every refusal of ours has; any other HTTPException passes to FastAPI's own handler unchanged."""
    from starlette.exceptions import HTTPException as StarletteHTTPException

    assert isinstance(exc, StarletteHTTPException)
    page = not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")
    words = ROUTING_WORDS.get(exc.status_code)
    # Starlette's own phrase only ("Not Found"): a refusal of ours that answers 404 keeps its words (a 404 YearError's
    # message was replaced by "not found")
    if words is None or exc.detail != HTTPStatus(exc.status_code).phrase:
        if page and isinstance(exc.detail, str) and " / " in exc.detail:
            # a browser's form refused before its route (the CSRF guard): the message as a page, not bare JSON (walk15)
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>{exc.status_code}</title><p class=error>"
                                f"{escape(exc.detail)}</p><p><a href=/>←</a></p>", status_code=exc.status_code, headers=exc.headers)
        zh, en, named = messages(exc.detail)
        if isinstance(getattr(exc, "zh", None), str) and isinstance(getattr(exc, "en", None), str):
            # a refusal of ours keeps its two messages apart: its text may hold " / " typed by the user (review29: a date
            # range "2027-05-01 / 2027-05-02" split the Chinese message in two)
            zh, en = exc.zh, exc.en  # type: ignore[attr-defined]
        return error_json(exc.status_code, zh, en, detail=exc.detail, headers=exc.headers, **named)
    zh, en = words
    if not page:
        return error_json(exc.status_code, zh, en, headers=exc.headers)
    return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>{exc.status_code}</title><p class=error>{escape(zh)} / "
                        f"{escape(en)}</p><p><a href=/>←</a></p>", status_code=exc.status_code, headers=exc.headers)
