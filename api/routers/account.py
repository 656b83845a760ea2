"""我的账号: who the user is (role, the agency or team they record for) and their own password (修改密码). The JSON
form of the change is `POST /api/auth/password` (api/routers/auth.py); both go through `Logins.change_password`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import COOKIE, SessionDep
from api.i18n import T
from api.models import User, UserScope
from api.routers.auth import client_address
from api.routers.pages import _login_redirect, _user, page
from api.security import LoginRefused

router = APIRouter(include_in_schema=False)


def _account(request: Request, session: SessionDep, user: User, status_code: int = 200, error: str | None = None,
             changed: bool = False) -> Response:
    # `here`: the language link of a refusal, shown at the form's POST address, leads to this page (review32b: a GET of
    # /account/password answered 405)
    return page(request, "account.html", status_code=status_code, user=user, scope=session.get(UserScope, user.id), error=error,
                changed=changed, min_length=request.app.state.settings.password_min_length, here="/account")


@router.get("/account", response_model=None)
def account(request: Request, session: SessionDep) -> Response:
    user = _user(request, session)
    if user is None:
        return _login_redirect(request)
    return _account(request, session, user, changed=request.query_params.get("changed") == "1")


@router.post("/account/password", response_model=None)
async def change_password(request: Request, session: SessionDep, current_password: Annotated[str, Form(max_length=1024)],
                          new_password: Annotated[str, Form(max_length=1024)],
                          new_password2: Annotated[str, Form(max_length=1024)]) -> Response:
    """The form: the current password, the new one twice. Refused with the page again and why, in both languages as the
    login page's refusals are (nothing changes); changed, the browser's session cookie carries the new token (every
    other session has ended)."""
    from starlette.concurrency import run_in_threadpool

    user = await run_in_threadpool(_user, request, session)
    if user is None:  # the session ran out while the form was open: back to the page after logging in, not to the POST
        return RedirectResponse("/login?next=/account", status_code=303)
    if new_password != new_password2:
        return await run_in_threadpool(_account, request, session, user, 422, f"{T['zh']['passwords_differ']} / {T['en']['passwords_differ']}")
    try:
        tok = await request.app.state.logins.change_password(user, current_password, new_password, client_address(request))
    except ValueError as e:
        return await run_in_threadpool(_account, request, session, user, 422, str(e))
    except LoginRefused as e:
        r = await run_in_threadpool(_account, request, session, user, e.status, f"{e.zh} / {e.en}")
        if e.status == 429:
            r.headers.update(e.headers)
        return r
    done = RedirectResponse("/account?changed=1#password", status_code=303)
    done.set_cookie(COOKIE, tok, httponly=True, samesite="lax", secure=request.app.state.settings.secure_cookies)
    return done
