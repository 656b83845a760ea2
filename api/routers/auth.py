from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi import Path as FPath
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import select

from api.deps import COOKIE, CurrentUser, SessionDep, oauth2, require
from api.models import User, row_id
from api.schemas import PasswordChange, TokenOut
from api.security import LoginRefused, revoke_token, revoke_user

router = APIRouter(prefix="/api/auth", tags=["auth"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


@router.post("/token", response_model=TokenOut, responses={401: {}, 429: {}})
async def token(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenOut:
    """OAuth2 password flow: a bearer token for the API. Throttled per account and per address
    (429 with Retry-After); the password check holds no database connection."""
    try:
        _, tok = await request.app.state.logins.authenticate(form.username, form.password, client_address(request))
    except LoginRefused as e:
        raise HTTPException(e.status, f"{e.zh} / {e.en}", headers=e.headers) from None
    return TokenOut(access_token=tok)


@router.post("/password", response_model=TokenOut, responses={401: {}, 403: {}, 409: {}, 422: {}, 429: {}})
async def change_password(request: Request, response: Response, body: PasswordChange, user: CurrentUser) -> TokenOut:
    """修改密码: the caller's own password, the current one checked (throttled as a login). Every session of the user
    ends; the answer is this session's new token (the old one no longer works) — and, asked with the pages' cookie, the
    cookie too (review32b: a browser script changing it through the API was logged out)."""
    try:
        tok = await request.app.state.logins.change_password(user, body.current_password, body.new_password, client_address(request))
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    except LoginRefused as e:
        raise HTTPException(e.status, f"{e.zh} / {e.en}", headers=e.headers if e.status == 429 else None) from None
    if request.cookies.get(COOKIE) and not request.headers.get("authorization"):
        response.set_cookie(COOKIE, tok, httponly=True, samesite="lax", secure=request.app.state.settings.secure_cookies)
    return TokenOut(access_token=tok)


@router.post("/logout", status_code=204)
def logout(request: Request, session: SessionDep, bearer: Annotated[str | None, Depends(oauth2)]) -> None:
    """End this session: the token (bearer or the pages' cookie) stops working at once."""
    tok = bearer or request.cookies.get(COOKIE)
    if not tok or not revoke_token(session, tok):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "请先登录 / not authenticated", headers={"WWW-Authenticate": "Bearer"})


@router.post("/users/{username}/revoke", responses={403: {}, 404: {}})
def revoke(username: Annotated[str, FPath(max_length=64)], session: SessionDep,
           admin: Annotated[User, Depends(require("admin"))]) -> dict[str, int]:
    """An admin ends every session of a user (also `inspection user revoke NAME`)."""
    from api.services import audit

    u = session.exec(select(User).where(User.username == username)).first()
    if u is None:
        raise HTTPException(404, "没有这个用户 / no such user")
    n = revoke_user(session, row_id(u))
    audit(session, admin, "user.revoke", username=username, sessions=n)
    session.commit()
    return {"revoked": n}
