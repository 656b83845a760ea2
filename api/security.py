"""Passwords (argon2) and opaque bearer tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from api.models import ROLES, Token, User, now

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, hours: float) -> str:
    token = secrets.token_urlsafe(32)
    session.add(Token(token_sha256=_digest(token), user_id=user.id, expires_at=now() + dt.timedelta(hours=hours)))  # type: ignore[arg-type]
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    t = session.exec(select(Token).where(Token.token_sha256 == _digest(token))).first()
    if t is None or t.expires_at < now():
        return None
    return session.get(User, t.user_id)


def create_user(session: Session, username: str, role: str, password: str) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise ValueError("username must be 1–64 characters")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    if session.exec(select(User).where(User.username == username)).first():
        raise ValueError(f"user {username} exists")
    u = User(username=username, role=role, password_hash=hash_password(password))
    session.add(u)
    session.commit()
    session.refresh(u)
    return u
