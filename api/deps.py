"""Dependencies: the session, the current user (bearer token or the pages' cookie), roles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from api.models import User
from api.security import user_for_token

COOKIE = "inspection_session"
MAX_ID = 2**31 - 1  # ids are 32-bit in every database we run on
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as s:
        yield s


SessionDep = Annotated[Session, Depends(get_session)]


def optional_user(request: Request, session: SessionDep, bearer: Annotated[str | None, Depends(oauth2)]) -> User | None:
    token = bearer or request.cookies.get(COOKIE)
    return user_for_token(session, token) if token else None


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "请先登录 / not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require(*roles: str) -> Callable[[User], User]:
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"需要角色 {'/'.join(roles)} / requires role {' or '.join(roles)}")
        return user

    return check
