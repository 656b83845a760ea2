from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import select

from api.deps import SessionDep
from api.models import User
from api.schemas import TokenOut
from api.security import issue_token, verify_password

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def token(request: Request, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenOut:
    """OAuth2 password flow: a bearer token for the API."""
    user = session.exec(select(User).where(User.username == form.username)).first()
    if user is None or not verify_password(user.password_hash, form.password):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "用户名或密码错误 / wrong username or password",
                            headers={"WWW-Authenticate": "Bearer"})
    return TokenOut(access_token=issue_token(session, user, request.app.state.settings.token_hours))
