"""Passwords (argon2, a policy), opaque bearer tokens that end (logout, expiry, an admin's
revocation), login throttling, and the per-session CSRF token."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.db import rowcount
from api.models import ROLES, Token, User, now, row_id
from api.settings import Settings

log = logging.getLogger("inspection.auth")

_hasher = PasswordHasher()
COMMON = Path(__file__).with_name("common_passwords.txt")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    """A hash nobody knows the password of: unknown users cost one argon2 check too, so the
    answer's time does not tell which usernames exist."""
    return hash_password(secrets.token_urlsafe(16))


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


def password_problem(password: str, username: str = "", min_length: int = 10) -> tuple[str, str] | None:
    """Why a password is refused (中文, English), or None. Length, a shipped list of common
    passwords (also with digits or symbols appended), the username or a password containing it (a username of 3
    characters or more, in any case), too few distinct characters."""
    low = password.lower()
    if len(password) < min_length:
        return f"密码至少 {min_length} 个字符", f"a password needs at least {min_length} characters"
    if len(set(password)) < 5:
        return "密码的不同字符太少", "the password has too few different characters"
    stem = low.rstrip("0123456789!@#$%^&*.-_ ")
    common = common_passwords()
    if low in common or stem in common or (low.strip("0123456789") in common and len(low.strip("0123456789")) >= 4):
        return "密码过于常见", "the password is too common"
    name = username.lower()
    if name and (low == name or stem == name):
        return "密码不能与用户名相同", "the password may not be the username"
    # the username inside the password (viewerviewer, Viewer2027!x, 2027-viewer-pw) is a guess as cheap as the username
    # itself (web40 W7); a name of one or two letters would refuse half the passwords one may think of, so from three on
    if len(name) >= 3 and name in low:
        return "密码不能包含用户名（不区分大小写）", "the password may not contain the username (in any case)"
    if low.isdigit() and (low in "01234567890123456789" or low in "98765432109876543210"):
        return "密码不能是连续数字", "the password may not be a run of digits"
    return None


# ---- tokens ------------------------------------------------------------------------------
def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_for(token: str) -> str:
    """The session's CSRF token: derived from the (httponly, secret) session token, so it needs no
    storage and dies with the session; knowing it does not reveal the session token."""
    return hashlib.sha256(b"csrf\0" + token.encode()).hexdigest()


def purge_expired(session: Session) -> int:
    r = session.execute(delete(Token).where(col(Token.expires_at) < now()))
    return rowcount(r)


def issue_token(session: Session, user: User, hours: float) -> str:
    token = secrets.token_urlsafe(32)
    purge_expired(session)  # expired tokens never pile up
    session.add(Token(token_sha256=_digest(token), user_id=row_id(user), expires_at=now() + dt.timedelta(hours=hours)))
    session.commit()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    t = session.exec(select(Token).where(Token.token_sha256 == _digest(token))).first()
    if t is None or t.expires_at < now():
        return None
    u = session.get(User, t.user_id)
    return u if u is not None and u.disabled_at is None else None  # a token issued before the account was disabled


def revoke_token(session: Session, token: str) -> bool:
    """Logout: the token stops working at once, as cookie and as bearer."""
    r = session.execute(delete(Token).where(col(Token.token_sha256) == _digest(token)))
    session.commit()
    return bool(rowcount(r))


def revoke_user(session: Session, user_id: int) -> int:
    """Every session of the user ends (an admin's action, or `inspection user revoke`)."""
    r = session.execute(delete(Token).where(col(Token.user_id) == user_id))
    session.commit()
    return rowcount(r)


def set_password(session: Session, user: User, password: str, min_length: int = 10) -> int:
    """A new password (a forgotten one reset, a demo password replaced): the same policy as a new account's; every
    session of the user ends. Returns the sessions ended; ValueError names what the password lacks."""
    weak = password_problem(password, user.username, min_length)
    if weak:
        raise ValueError(f"{weak[0]} / {weak[1]}")
    user.password_hash = hash_password(password)
    session.add(user)
    session.commit()
    return revoke_user(session, row_id(user))


class LastAdmin(ValueError):
    """The one enabled admin may not be disabled (walk44 G10: it was, and production mode then refused to start with
    advice — add an admin — that did not work, the name being taken)."""

    def __init__(self, username: str):
        self.zh = f"{username} 是唯一启用的管理员，不能停用：请先添加或启用另一名管理员（inspection user add NAME --role admin --password-stdin）"
        self.en = (f"{username} is the only enabled admin and cannot be disabled: add or enable another admin first "
                   "(inspection user add NAME --role admin --password-stdin)")
        super().__init__(f"{self.zh} / {self.en}")


def other_enabled_admins(session: Session, user: User) -> int:
    return len(session.exec(select(User.id).where(User.role == "admin", col(User.disabled_at).is_(None), User.id != user.id)).all())


def set_disabled(session: Session, user: User, disabled: bool) -> int:
    """Disable an account (a departed employee: no login, every session ended, the row kept for the audit's names)
    or enable it again. Returns the sessions ended. LastAdmin for the only enabled admin."""
    if disabled and user.role == "admin" and user.disabled_at is None and not other_enabled_admins(session, user):
        raise LastAdmin(user.username)
    user.disabled_at = now() if disabled else None
    session.add(user)
    session.commit()
    return revoke_user(session, row_id(user)) if disabled else 0


def create_user(session: Session, username: str, role: str, password: str, min_length: int = 10, demo: bool = False) -> User:
    """A new account; its password meets `password_problem`. `demo`: a published password (the demo's `<name>-demo`, a
    test's fixture) taken as it is; production refuses to start while a demo user keeps its demo password (api.app)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise ValueError("username must be 1–64 characters")
    weak = None if demo else password_problem(password, username, min_length)
    if weak:
        raise ValueError(f"{weak[0]} / {weak[1]}")
    if session.exec(select(User).where(User.username == username)).first():
        raise ValueError(f"user {username} exists")
    u = User(username=username, role=role, password_hash=hash_password(password))
    session.add(u)
    session.commit()
    session.refresh(u)
    return u


# ---- logins -------------------------------------------------------------------------------
class LoginRefused(Exception):
    """401 (wrong name or password) or 429 (throttled: `retry_after` seconds)."""

    def __init__(self, status: int, zh: str, en: str, retry_after: int = 0):
        self.status, self.zh, self.en, self.retry_after = status, zh, en, retry_after
        super().__init__(f"{zh} / {en}")

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.status == 429 else {"WWW-Authenticate": "Bearer"}


WRONG = ("用户名或密码错误", "wrong username or password")


class LoginThrottle:
    """Attempts per account and per client address in a sliding window (in this process).
    An attempt counts when it starts, so a burst cannot slip in before the failures are known;
    a success clears its account and takes its own attempt back from the address, so an office behind one address
    whose people log in correctly is never locked out (walk8: the 31st good login in 15 minutes was refused)."""

    MAX_KEYS = 100_000
    PENDING = -1  # hit()'s answer while the account's count is full of attempts still being checked (see hit)

    def __init__(self, settings: Settings):
        self.window = float(settings.login_window_seconds)
        self.limits = {"u": settings.login_max_per_account, "a": settings.login_max_per_address}
        self._hits: dict[str, deque[float]] = {}
        self._pending: dict[str, int] = {}  # per account: attempts counted whose check has not ended yet
        self._lock = threading.Lock()

    @staticmethod
    def _account(account: str) -> str:
        return f"u:{account.strip().lower()[:64]}"

    def hit(self, account: str, address: str) -> int:
        """Record an attempt; 0 if allowed, else the seconds until one is — or PENDING when the account's window is full
        but some of its attempts are still being checked: one of them may succeed and clear it, so no number of seconds
        would be true (walk44 G4: a burst of correct logins was told "try again in 900 s", then let in at once).
        An allowed attempt is pending until `done`."""
        t = time.monotonic()
        keys = {"u": self._account(account), "a": f"a:{address}"}
        with self._lock:
            if len(self._hits) > self.MAX_KEYS:
                self._hits = {k: q for k, q in self._hits.items() if q and q[-1] > t - self.window}
            wait = 0.0
            for kind, key in keys.items():
                q = self._hits.setdefault(key, deque())
                while q and q[0] <= t - self.window:
                    q.popleft()
                if len(q) >= self.limits[kind]:
                    if kind == "u" and self._pending.get(key, 0) and len(self._hits.get(keys["a"], ())) < self.limits["a"]:
                        return self.PENDING
                    wait = max(wait, q[0] + self.window - t)
            if wait:
                return max(1, int(wait + 0.999))
            for key in keys.values():
                self._hits[key].append(t)
            self._pending[keys["u"]] = self._pending.get(keys["u"], 0) + 1
            return 0

    def done(self, account: str) -> None:
        """An allowed attempt's check has ended (succeeded or not)."""
        key = self._account(account)
        with self._lock:
            n = self._pending.get(key, 0) - 1
            if n > 0:
                self._pending[key] = n
            else:
                self._pending.pop(key, None)

    def locked_since(self, account: str) -> dt.datetime | None:
        """When the account's oldest counted attempt was made (UTC), while its window is full; else None."""
        with self._lock:
            q = self._hits.get(self._account(account))
            if not q or len(q) < self.limits["u"]:
                return None
            return now() - dt.timedelta(seconds=time.monotonic() - q[0])

    def clear_account(self, account: str) -> None:
        """An admin lifted the account's lock-out (`inspection user unlock`, `enable`, `passwd`)."""
        with self._lock:
            self._hits.pop(self._account(account), None)

    def success(self, account: str, address: str) -> None:
        with self._lock:
            self._hits.pop(self._account(account), None)
            q = self._hits.get(f"a:{address}")
            if q:
                q.pop()  # one attempt back: the one this success made (which of the window's entries is immaterial)


# audit actions by which an admin lifts an account's lock-out: the server learns of them from the trail, since the
# CLI that writes them is another process than the one holding the count (walk44 G4)
UNLOCKING = ("user.unlock", "user.enable", "user.password")


def lifted_since(engine: Engine, username: str, since: dt.datetime) -> bool:
    """Whether an admin unlocked, enabled or set the password of `username` at or after `since`."""
    from api.models import AuditEvent

    with Session(engine) as s:
        rows = s.exec(select(AuditEvent.detail).where(col(AuditEvent.action).in_(UNLOCKING), col(AuditEvent.at) >= since)).all()
    return any(isinstance(d, dict) and d.get("username") == username for d in rows)


class VerifyGate:
    """At most `login_verify_concurrency` argon2 checks at once, at most `login_queue` waiting;
    waiting happens on the event loop (no server thread is held), more is refused at once."""

    def __init__(self, settings: Settings):
        self.running_max, self.queue_max = max(1, settings.login_verify_concurrency), settings.login_queue
        self.running = self.waiting = 0
        self._lock = threading.Lock()

    async def __aenter__(self) -> None:
        with self._lock:
            if self.waiting >= self.queue_max:
                raise LoginRefused(429, "登录请求过多，请稍后再试", "too many logins at once: try again shortly", 2)
            self.waiting += 1
        try:
            while True:
                with self._lock:
                    if self.running < self.running_max:
                        self.running += 1
                        return
                await asyncio.sleep(0.02)
        finally:
            with self._lock:
                self.waiting -= 1

    async def __aexit__(self, *exc: object) -> None:
        with self._lock:
            self.running -= 1


@dataclass
class Logins:
    """What a login needs: the engine (a short session just to read the hash), the throttle, the gate."""

    engine: Engine
    settings: Settings
    throttle: LoginThrottle
    gate: VerifyGate

    @classmethod
    def of(cls, engine: Engine, settings: Settings) -> Logins:
        return cls(engine, settings, LoginThrottle(settings), VerifyGate(settings))

    def _lookup(self, username: str) -> tuple[int | None, str]:
        with Session(self.engine) as s:  # read the hash and give the connection back before argon2 runs
            u = s.exec(select(User).where(User.username == username)).first()
            # a disabled account answers as an unknown one: the same words, the same argon2 time (no hint it exists)
            return (u.id, u.password_hash) if u and u.disabled_at is None else (None, "")

    def _disabled(self, username: str) -> bool:
        with Session(self.engine) as s:
            u = s.exec(select(User).where(User.username == username)).first()
            return u is not None and u.disabled_at is not None

    async def authenticate(self, username: str, password: str, address: str) -> tuple[int, str]:
        """The user's id and a new token; LoginRefused (401 or 429) otherwise."""
        from starlette.concurrency import run_in_threadpool

        wait = await self._hit(username, address)
        if wait:
            log.warning("login throttled: %r from %s, %d s to wait", username[:64], address, wait)
            raise self._throttled(wait)
        try:
            if len(username) > 64 or len(password) > 1024:
                log.warning("login refused: an over-long name or password from %s", address)
                raise LoginRefused(401, *WRONG)
            user_id, stored = await run_in_threadpool(self._lookup, username)
            async with self.gate:
                ok = await run_in_threadpool(verify_password, stored or dummy_hash(), password)
        finally:
            self.throttle.done(username)
        if not ok or user_id is None:
            # the name as typed (never the password): an admin tells a forgotten password from a guessing run, and a
            # departed employee's disabled account from a name nobody has (walk44 G9: both read "unknown name")
            why = "wrong password" if user_id is not None else (
                "disabled account" if await run_in_threadpool(self._disabled, username) else "unknown name")
            log.warning("login refused: %r from %s (%s)", username, address, why)
            raise LoginRefused(401, *WRONG)
        token = await run_in_threadpool(self._issue, user_id, stored)
        if token is None:  # the password was changed (or the account disabled) while this one was being checked
            log.warning("login refused: %r from %s (the password changed during the login)", username, address)
            raise LoginRefused(401, *WRONG)
        self.throttle.success(username, address)
        return user_id, token

    async def _hit(self, username: str, address: str) -> int:
        """The throttle's answer for this attempt; an account whose lock-out an admin lifted since it began is cleared
        first (walk44 G4: `user passwd` / `user enable` left the user locked out until the server restarted)."""
        from starlette.concurrency import run_in_threadpool

        wait = self.throttle.hit(username, address)
        since = self.throttle.locked_since(username) if wait else None
        if since is not None and await run_in_threadpool(lifted_since, self.engine, username.strip()[:64], since):
            log.info("login lock-out of %r lifted by an admin", username[:64])
            self.throttle.clear_account(username)
            wait = self.throttle.hit(username, address)
        return wait

    @staticmethod
    def _throttled(wait: int) -> LoginRefused:
        if wait == LoginThrottle.PENDING:  # the account's other attempts are being checked: their outcome decides
            return LoginRefused(429, "该账号的其他登录正在核验，请稍后再试", "other logins of this account are being checked: try again shortly", 2)
        return LoginRefused(429, f"尝试次数过多，请 {wait} 秒后再试（或请管理员解除锁定）",
                            f"too many attempts: try again in {wait} s (or ask an admin to lift the lock-out)", wait)

    def _issue(self, user_id: int, verified: str) -> str | None:
        """A token, only while the account still has the password hash that was verified: a login checked against the
        old password while `inspection user passwd` ran got its token after the reset had ended every session, and
        kept it (race30). Checked again once the token is stored, for a reset that commits in between."""
        def same(s: Session) -> bool:
            u = s.get(User, user_id)
            return u is not None and u.disabled_at is None and u.password_hash == verified

        with Session(self.engine) as s:
            u = s.get(User, user_id)
            if u is None or not same(s):
                return None
            token = issue_token(s, u, self.settings.token_hours)
        with Session(self.engine) as s:
            if not same(s):
                revoke_token(s, token)
                return None
        return token


    async def change_password(self, user: User, current: str, new: str, address: str) -> str:
        """修改密码: a user's own new password. The new one meets the account policy (`password_problem`) and differs
        from the current one; the current one is checked as a login's is (the same throttle and gate: a session left
        open on a shared computer cannot guess it faster than the login page could). Every session of the user ends
        and the one asking goes on with the token returned. ValueError names what the new password lacks (nothing
        counted against the throttle); LoginRefused 403 (the current password is wrong: not 401, which would tell a
        client its session had ended), 409 (changed meanwhile) or 429 (throttled)."""
        from starlette.concurrency import run_in_threadpool

        if len(new) > 1024:
            raise ValueError("密码过长（至多 1024 个字符） / the password is too long (1,024 characters at most)")
        if new == current:  # before the policy: a demo's published password is one it refuses, and "the same" is the news
            raise ValueError("新密码须与当前密码不同 / the new password must differ from the current one")
        weak = password_problem(new, user.username, self.settings.password_min_length)
        if weak:
            raise ValueError(f"{weak[0]} / {weak[1]}")
        wait = await self._hit(user.username, address)
        if wait:
            raise self._throttled(wait)
        try:
            user_id, stored = await run_in_threadpool(self._lookup, user.username)
            async with self.gate:
                ok = len(current) <= 1024 and await run_in_threadpool(verify_password, stored or dummy_hash(), current)
        finally:
            self.throttle.done(user.username)
        if not ok or user_id is None or user_id != user.id:
            log.warning("password change refused: %r from %s (wrong current password)", user.username, address)
            raise LoginRefused(403, "当前密码错误", "the current password is wrong")
        token = await run_in_threadpool(self._replace, user_id, stored, await run_in_threadpool(hash_password, new))
        if token is None:  # changed (or disabled) by someone else between the check and the change
            raise LoginRefused(409, "密码已被他人更改，请重新登录", "the password was changed meanwhile: log in again")
        self.throttle.success(user.username, address)
        return token

    def _replace(self, user_id: int, verified: str, new_hash: str) -> str | None:
        """The new hash, only over the one verified (one conditional UPDATE: a reset or another change committed in
        between wins, and this one is refused); every session ends, the change is audited (never the password nor its
        hash), and a new token is issued for the session that asked."""
        from api.services import audit

        with Session(self.engine) as s:
            r = s.execute(update(User).where(col(User.id) == user_id, col(User.password_hash) == verified,
                                             col(User.disabled_at).is_(None)).values(password_hash=new_hash))
            if rowcount(r) != 1:
                s.rollback()
                return None
            s.commit()
            u = s.get(User, user_id)
            if u is None:
                return None
            n = revoke_user(s, user_id)
            audit(s, u, "user.password", username=u.username, sessions=n, by="self")
            s.commit()
            return issue_token(s, u, self.settings.token_hours)


# the demo bureau's users (`inspection demo --serve`, `make run`): refused in production mode
DEMO_USERS = (("planner", "planner", "planner-demo"), ("leader", "leader", "leader-demo"), ("leader2", "leader", "leader2-demo"),
              ("viewer", "viewer", "viewer-demo"), ("auditor", "auditor", "auditor-demo"), ("admin", "admin", "admin-demo"))
