"""walk44 (the bureau's IT administrator, bench/walk44/report.md): settings said in one bilingual paragraph without the
password (G5), private files in the data directory (G8), bundle files under near-miss names (G1), lifting a login
lock-out (G4), a password piped with CRLF (G12), the last admin kept (G10), plan jobs in the log (G9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSWORD_PIECE = "2026%x"  # the end of walk44's database password, printed in G5's traceback
BAD_URL = "postgresql+psycopg://inspection:Insp@ct:2026%x@127.0.0.1:5544/inspection"


def _cli(*args: str, env: dict[str, str] | None = None, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`inspection …` as the admin runs it: its own process, the environment given on top of this one's."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "inspection.cli", *args], input=stdin, capture_output=True, text=True,
                          env=full, cwd=cwd, timeout=120)


# ---- G5: a malformed setting ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "words"), [
    (BAD_URL, "%40"),  # an unencoded @ and : in the password: the port is "2026%x@127.0.0.1:5544"
    ("postgresql+psycopg://inspection:Insp@ct2026@127.0.0.1:5544/inspection", "%40"),  # the host would be "ct2026@127.0.0.1"
    ("postgres://inspection:Insp2026x@127.0.0.1/inspection", "postgresql+psycopg://"),
    ("hello", "sqlite:///"),
])
def test_a_malformed_database_url_is_one_bilingual_paragraph_without_the_password(tmp_path: Path, url: str, words: str) -> None:
    r = _cli("user", "revoke", "nobody", env={"DATABASE_URL": url}, cwd=tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 2, said
    assert "Traceback" not in said and len(said.strip().splitlines()) == 2, said
    assert "DATABASE_URL" in said and ("无法解析" in said or "不支持" in said), said
    assert words in said
    for piece in ("2026%x", "Insp@ct", "ct2026", "Insp2026x"):
        assert piece not in said, said
    assert "inspection:***@" in said or url == "hello"


@pytest.mark.parametrize(("var", "value"), [("INSPECTION_TOKEN_HOURS", "abc"), ("INSPECTION_PRODUCTION", "yes-please"),
                                            ("INSPECTION_PUBLIC_URL", "jc.example.gov.cn")])
def test_a_malformed_setting_names_its_variable_not_the_field(tmp_path: Path, var: str, value: str) -> None:
    r = _cli("user", "revoke", "nobody", env={var: value, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}, cwd=tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 2 and "Traceback" not in said, said
    assert var in said and value in said and "设置无效" in said and "invalid setting" in said, said


def test_shown_database_urls_never_hold_a_piece_of_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.db import shown_url
    from api.logs import hide_codes
    from api.settings import Settings, SettingsInvalid, hide_credentials

    assert PASSWORD_PIECE not in shown_url(BAD_URL) and "Insp" not in shown_url(BAD_URL)
    assert shown_url("postgresql+psycopg://u:a@b@h:5432/d") == "postgresql+psycopg://u:***@h:5432/d"
    assert hide_credentials(f"cannot reach {BAD_URL} now") == "cannot reach postgresql+psycopg://inspection:***@127.0.0.1:5544/inspection now"
    assert PASSWORD_PIECE not in hide_codes(f"log line {BAD_URL}")
    with pytest.raises(ValueError) as e:  # Settings built in code (the tests, the job process) refuse it too
        Settings(database_url=BAD_URL)
    assert PASSWORD_PIECE not in str(e.value)
    from api.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", BAD_URL)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsInvalid) as si:
            get_settings()
        assert PASSWORD_PIECE not in str(si.value) and "DATABASE_URL" in si.value.zh and "DATABASE_URL" in si.value.en
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


# ---- G8: the data directory's files are private ----------------------------------------------------------------------
def _modes(folder: Path) -> set[tuple[str, int]]:
    """(kind, permission bits) of the folder and everything in it."""
    found = {("dir", folder.stat().st_mode & 0o777)}
    for p in folder.rglob("*"):
        found.add(("dir" if p.is_dir() else "file", p.stat().st_mode & 0o777))
    return found


@pytest.fixture()
def usual_umask() -> object:
    """The umask of most servers (022: new files readable by every local account), whatever the test runner's."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_bundle_and_plan_folders_are_private_also_when_laid_out_again_after_a_restore(tiny_dir: Path, tmp_path: Path,
                                                                                       usual_umask: object) -> None:
    import shutil

    from tests.api_helpers import make_client, token, wait_done, zip_folder

    private = {("dir", 0o700), ("file", 0o600)}
    data = tmp_path / "data"
    client = make_client(f"sqlite:///{tmp_path / 'g8.db'}", data, plan_use_solver=False)
    assert data.stat().st_mode & 0o077 == 0  # a new data directory is the service's alone
    h = token(client, "planner")
    r = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 201, r.text
    pid = client.post("/api/plans", headers=h, json={"bundle_id": r.json()["id"]}).json()["id"]
    assert wait_done(client, pid, h)["status"] == "done"
    plans, bundle = data / "plans", data / "bundles" / str(r.json()["id"])
    assert _modes(plans / str(pid)) == private and _modes(bundle) == private and plans.stat().st_mode & 0o777 == 0o700
    # the data directory moved or restored without its plan folders: laid out again from the database, as private
    shutil.rmtree(plans / str(pid))
    shutil.rmtree(bundle)
    assert client.get(f"/api/plans/{pid}/folder.zip", headers=h).status_code == 200
    assert (plans / str(pid) / "plan.json").is_file() and _modes(plans / str(pid)) == private
    client.post("/api/plans", headers=h, json={"bundle_id": r.json()["id"]})  # the bundle's folder laid out again for the job
    assert wait_done(client, pid + 1, h)["status"] == "done"
    assert _modes(bundle) == private and _modes(plans / str(pid + 1)) == private


def test_folders_written_before_the_mend_are_made_private_at_start(tmp_path: Path, usual_umask: object) -> None:
    from api.app import create_app
    from api.settings import Settings

    data = tmp_path / "data"
    old = data / "plans" / "1"
    old.mkdir(parents=True, mode=0o755)
    (old / "plan.json").write_text('{"seed": "2027-demo-4"}', encoding="utf-8")
    (old / "plan.json").chmod(0o644)
    create_app(Settings(database_url=f"sqlite:///{tmp_path / 'old.db'}", data_dir=data))
    assert _modes(data / "plans") == {("dir", 0o700), ("file", 0o600)}


# ---- G1: a bundle file under a near-miss name, or one that cannot be read ---------------------------------------------
RENAMED = {"triggers.csv": "triggers (1).csv", "recusals.csv": "recusal.csv", "unavailability.csv": "unavailability_2027.csv"}


def _renamed_zip(bundle: Path, renames: dict[str, str], extra: dict[str, bytes] | None = None) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in sorted(bundle.iterdir()):
            zf.writestr(renames.get(p.name, p.name), p.read_bytes())
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_an_upload_with_near_miss_file_names_is_refused_naming_each_and_its_bundle_name(tiny_dir: Path, tmp_path: Path) -> None:
    from sqlmodel import Session

    from api.services import count_rows
    from tests.api_helpers import make_client, token

    client = make_client(f"sqlite:///{tmp_path / 'g1.db'}", tmp_path / "data")
    h = token(client, "planner")
    with Session(client.app.state.engine) as s:
        before = count_rows(s)
    r = client.post("/api/bundles", headers=h, files={"file": ("renamed2.zip", _renamed_zip(tiny_dir / "bundle", RENAMED), "application/zip")})
    assert r.status_code == 422, r.text
    errors = {e["file"]: e for e in r.json()["errors"]}
    for wrong, right in ((v, k) for k, v in RENAMED.items()):
        assert wrong in errors, r.json()
        assert right in errors[wrong]["message_zh"] and right in errors[wrong]["message_en"], errors[wrong]
        assert "未被读取" in errors[wrong]["message_zh"] and "not read" in errors[wrong]["message_en"]
    with Session(client.app.state.engine) as s:
        assert count_rows(s) == before  # nothing stored
    # beside the required file too: `enterprises (1).csv` is named, not only "enterprises.csv missing"
    r = client.post("/api/bundles", headers=h, files={"file": ("e.zip", _renamed_zip(tiny_dir / "bundle", {"enterprises.csv": "enterprises (1).csv"}),
                                                               "application/zip")})
    assert r.status_code == 422 and any(e["file"] == "enterprises (1).csv" and "enterprises.csv" in e["message_en"] for e in r.json()["errors"])
    # a README and the hidden files of an archiver are no table anyone meant: still left out, the bundle accepted
    extra = {"README.txt": b"registers of 2027", "__MACOSX/._triggers.csv": b"\x00\x05", ".DS_Store": b"\x00"}
    r = client.post("/api/bundles", headers=h, files={"file": ("ok.zip", _renamed_zip(tiny_dir / "bundle", {}, extra), "application/zip")})
    assert r.status_code == 201, r.text


def test_a_near_miss_or_unreadable_file_in_a_folder_is_an_error_of_validate(tiny_dir: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "b"
    shutil.copytree(tiny_dir / "bundle", folder)
    (folder / "triggers.csv").rename(folder / "triggers (1).csv")
    (folder / "recusals.csv").unlink()
    (folder / "recusals.csv").symlink_to("/nonexistent/recusals.csv")  # present, unreadable: never "no recusals"
    r = _cli("validate", str(folder), cwd=tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 2 and "Traceback" not in said, said
    assert "triggers (1).csv" in said and "triggers.csv" in said.split("triggers (1).csv", 1)[1]
    assert any(line.startswith("recusals.csv:") and "无法读取" in line and "cannot be read" in line for line in said.splitlines()), said
    assert "bundle is valid" not in said


# ---- G4: the admin lifts a login lock-out ----------------------------------------------------------------------------
@pytest.mark.parametrize("lift", [("user", "unlock", "viewer"), ("user", "passwd", "viewer", "--password-stdin"), ("user", "enable", "viewer")])
def test_an_admin_lifts_a_login_lock_out_without_restarting_the_server(tmp_path: Path, lift: tuple[str, ...]) -> None:
    from tests.api_helpers import make_client

    db = f"sqlite:///{tmp_path / 'g4.db'}"
    client = make_client(db, tmp_path / "data", login_max_per_account=3)

    def login(pw: str):  # type: ignore[no-untyped-def]
        return client.post("/api/auth/token", data={"username": "viewer", "password": pw})

    assert [login("wrong-guess-1").status_code for _ in range(3)] == [401] * 3
    r = login("viewer-pass")
    assert r.status_code == 429, r.text  # locked: the right password waits too
    new = "Zhangsan-lantern-2026"
    done = _cli(*lift, env={"DATABASE_URL": db}, stdin=f"{new}\n", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    right = new if "passwd" in lift else "viewer-pass"
    assert login(right).status_code == 200  # at once: the server read the admin's act from the trail
    assert "解除锁定" in r.json()["message_zh"] and "lift the lock-out" in r.json()["message_en"]  # the message said so
    assert [login("wrong-guess-2").status_code for _ in range(3)] == [401] * 3  # the count starts again, the act is used once
    assert login(right).status_code == 429


def test_a_lock_out_message_states_a_wait_that_is_true() -> None:
    """The count is full of attempts still being checked: one may succeed and clear it, so no number of seconds is said
    (walk44: 11 × "try again in 900 s", then the next attempt got in); once they have failed, the wait is the window's."""
    from api.security import LoginThrottle
    from api.settings import Settings

    t = LoginThrottle(Settings(login_max_per_account=3, login_window_seconds=900))
    assert [t.hit("leader", "10.0.0.1") for _ in range(3)] == [0, 0, 0]  # three logins at once, being checked
    assert t.hit("leader", "10.0.0.1") == LoginThrottle.PENDING
    t.done("leader")
    t.success("leader", "10.0.0.1")  # one was right: the account is clear, and the next attempt is let in
    assert t.hit("leader", "10.0.0.1") == 0
    t.done("leader")
    for _ in range(2):
        assert t.hit("leader", "10.0.0.1") == 0
        t.done("leader")  # wrong ones: checked, failed
    for _ in range(2):
        t.done("leader")  # the first burst's other two ended too (failed)
    wait = t.hit("leader", "10.0.0.1")
    assert 890 <= wait <= 900  # now the count is full of failures: the wait said is the one that holds
    assert t.locked_since("leader") is not None and t.locked_since("nobody") is None


# ---- G12: a password piped from a Windows-edited file ----------------------------------------------------------------
def test_a_password_from_stdin_loses_its_line_end_crlf_or_lf_and_nothing_else(tmp_path: Path) -> None:
    from sqlmodel import Session, select

    from api.db import make_engine
    from api.models import User
    from api.security import verify_password

    db = f"sqlite:///{tmp_path / 'g12.db'}"
    for name, typed in (("zhangsan", "Lantern-river-2026\r\n"), ("lisi", "Lantern-river-2027\n"), ("wangwu", "Lantern-river-2028 \n")):
        r = _cli("user", "add", name, "--role", "viewer", "--password-stdin", env={"DATABASE_URL": db}, stdin=typed, cwd=tmp_path)
        assert r.returncode == 0, r.stdout + r.stderr
    r = _cli("user", "passwd", "lisi", "--password-stdin", env={"DATABASE_URL": db}, stdin="Ocean-harbour-2029\r\n", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    with Session(make_engine(db)) as s:
        hashes = {u.username: u.password_hash for u in s.exec(select(User))}
    assert verify_password(hashes["zhangsan"], "Lantern-river-2026") and not verify_password(hashes["zhangsan"], "Lantern-river-2026\r")
    assert verify_password(hashes["lisi"], "Ocean-harbour-2029")
    assert verify_password(hashes["wangwu"], "Lantern-river-2028 ")  # a trailing space is the password's own


# ---- G10: the last enabled admin ----------------------------------------------------------------------------------
def test_the_last_enabled_admin_cannot_be_disabled(tmp_path: Path) -> None:
    from sqlmodel import Session, select

    from api.app import check_production
    from api.db import make_engine, migrate
    from api.models import User
    from api.security import create_user, set_disabled

    db = f"sqlite:///{tmp_path / 'g10.db'}"
    migrate(db)
    engine = make_engine(db)
    with Session(engine) as s:
        create_user(s, "root", "admin", "Admin-walk44-Strong!")
        create_user(s, "planner1", "planner", "Bureau-planner-2026!")
    r = _cli("user", "disable", "root", env={"DATABASE_URL": db}, cwd=tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 2 and "唯一启用的管理员" in said and "only enabled admin" in said and "Traceback" not in said, said
    with Session(engine) as s:
        root = s.exec(select(User).where(User.username == "root")).one()
        assert root.disabled_at is None
        create_user(s, "root2", "admin", "Second-admin-2026!")
        set_disabled(s, root, True)  # another admin is enabled: allowed
        root2 = s.exec(select(User).where(User.username == "root2")).one()
        from api.security import LastAdmin

        with pytest.raises(LastAdmin):
            set_disabled(s, root2, True)
        assert root2.disabled_at is None
        # a database where every admin is disabled (made before this mend): production's refusal names `enable` and them
        root2.disabled_at = root.disabled_at
        s.add(root2)
        s.commit()
    with pytest.raises(Exception, match="inspection user enable NAME") as e:
        check_production(engine)
    assert "root" in str(e.value) and "root2" in str(e.value)


# ---- G9: plan jobs in the log and the trail; who changed an account from the CLI --------------------------------------
def test_cli_account_changes_name_the_os_user_in_the_audit_trail(tmp_path: Path) -> None:
    from sqlmodel import Session, select

    from api.db import make_engine, migrate
    from api.models import AuditEvent
    from api.security import create_user

    db = f"sqlite:///{tmp_path / 'g9.db'}"
    migrate(db)
    with Session(make_engine(db)) as s:
        create_user(s, "view1", "viewer", "Viewer-walk44-pw!")
    env = {"DATABASE_URL": db, "LOGNAME": "zhang.it", "USER": "zhang.it"}
    for args in (("user", "unlock", "view1"), ("user", "disable", "view1"), ("user", "scope", "view1", "--agency", "A1")):
        r = _cli(*args, env=env, cwd=tmp_path)
        assert r.returncode == 0, r.stdout + r.stderr
    with Session(make_engine(db)) as s:
        trail = [(e.action, e.username, e.detail.get("username")) for e in s.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert trail == [("user.unlock", "cli:zhang.it", "view1"), ("user.disable", "cli:zhang.it", "view1"),
                     ("user.scope", "cli:zhang.it", "view1")], trail


def test_plan_jobs_are_logged_and_a_stop_fails_its_plan_in_the_trail(tiny_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging
    import subprocess
    import time

    from sqlmodel import Session, select

    from api.models import AuditEvent, Plan, User
    from api.services import create_plan
    from tests.api_helpers import make_client, token, wait_done, zip_folder

    caplog.set_level(logging.INFO, logger="inspection")
    client = make_client(f"sqlite:///{tmp_path / 'g9j.db'}", tmp_path / "data", plan_use_solver=False)
    h = token(client, "planner")
    bundle_id = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}).json()["id"]
    pid = client.post("/api/plans", headers=h, json={"bundle_id": bundle_id}).json()["id"]
    assert wait_done(client, pid, h)["status"] == "done"
    for _ in range(50):  # the runner thread logs the ending after the plan reads done
        if f"plan {pid}: generation done" in caplog.text:
            break
        time.sleep(0.1)
    assert f"plan {pid}: generation started" in caplog.text and f"plan {pid}: generation done" in caplog.text, caplog.text
    # the server stops while a job runs (a job process stands in: `sleep`, its own process group, as api.jobs starts one)
    jobs = client.app.state.jobs
    with Session(client.app.state.engine) as s:
        planner = s.exec(select(User).where(User.username == "planner")).one()
        running = create_plan(s, planner, bundle_id)
        running.status = "running"
        s.add(running)
        s.commit()
        rid = int(running.id or 0)
    proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
    jobs._procs[rid] = proc
    jobs.shutdown()
    assert proc.wait(10) != 0  # killed
    with Session(client.app.state.engine) as s:
        assert s.get(Plan, rid).status == "failed"  # type: ignore[union-attr]
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.plan_id == rid))]
    assert "plan.failed" in actions, actions
    assert f"plan {rid} failed: the server stopped" in caplog.text


def test_a_login_to_a_disabled_account_is_logged_as_such(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from sqlmodel import Session, select

    from api.models import User
    from api.security import set_disabled
    from tests.api_helpers import make_client

    client = make_client(f"sqlite:///{tmp_path / 'g9d.db'}", tmp_path / "data")
    with Session(client.app.state.engine) as s:
        set_disabled(s, s.exec(select(User).where(User.username == "viewer")).one(), True)
    caplog.set_level(logging.WARNING, logger="inspection")
    assert client.post("/api/auth/token", data={"username": "viewer", "password": "viewer-pass"}).status_code == 401
    assert client.post("/api/auth/token", data={"username": "nobody", "password": "viewer-pass"}).status_code == 401
    assert "'viewer' from testclient (disabled account)" in caplog.text and "'nobody' from testclient (unknown name)" in caplog.text, caplog.text


# ---- G13: a full disk says so -------------------------------------------------------------------------------------
def _enospc(*_a: object, **_k: object) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_said_in_both_languages_by_a_generation_and_a_request(tiny_dir: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient
    from sqlmodel import Session, select

    import api.uploads
    import scheduler.atomic
    from api.jobs import generate
    from api.models import Plan, User
    from api.services import create_plan
    from tests.api_helpers import make_client, token, zip_folder

    client = TestClient(make_client(f"sqlite:///{tmp_path / 'g13.db'}", tmp_path / "data", plan_use_solver=False, production=False).app,
                        raise_server_exceptions=False)
    h = token(client, "planner")
    bundle_id = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")}).json()["id"]
    app = client.app
    with Session(app.state.engine) as s:  # type: ignore[attr-defined]
        pid = int(create_plan(s, s.exec(select(User).where(User.username == "planner")).one(), bundle_id).id or 0)
    monkeypatch.setattr(scheduler.atomic, "write_plan_atomically", _enospc)  # the plan folder's write finds the disk full
    generate(app.state.engine, app.state.settings, pid)  # type: ignore[attr-defined]
    with Session(app.state.engine) as s:  # type: ignore[attr-defined]
        error = s.get(Plan, pid).error or ""  # type: ignore[union-attr]
    assert "磁盘空间不足" in error and "disk is full" in error and "OSError" not in error, error
    monkeypatch.setattr(api.uploads, "spool", _enospc)  # the upload's spool file finds the disk full
    r = client.post("/api/bundles", headers=h, files={"file": ("tiny.zip", zip_folder(tiny_dir / "bundle"), "application/zip")})
    assert r.status_code == 507 and "磁盘空间不足" in r.json()["message_zh"] and "disk is full" in r.json()["message_en"], r.text
    assert r.json()["error_id"] and "内部错误" not in r.text


# ---- G14: an encrypted or damaged zip ----------------------------------------------------------------------------
def test_an_encrypted_or_damaged_zip_gets_one_clear_bilingual_message(tiny_dir: Path, tmp_path: Path) -> None:
    import io
    import shutil
    import zipfile

    from tests.api_helpers import make_client, token

    if shutil.which("zip") is None:
        pytest.skip("no zip command to encrypt with")
    enc = tmp_path / "enc.zip"
    names = sorted(p.name for p in (tiny_dir / "bundle").iterdir())
    subprocess.run(["zip", "-q", "-P", "secret-2027", str(enc), *names], cwd=tiny_dir / "bundle", check=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name in names:
            zf.writestr(name, (tiny_dir / "bundle" / name).read_bytes())
    raw = bytearray(buf.getvalue())
    i = raw.find(b"enterprises.csv") + 200  # inside the stored bytes of enterprises.csv: its CRC no longer holds
    raw[i:i + 50] = b"\xff" * 50
    client = make_client(f"sqlite:///{tmp_path / 'g14.db'}", tmp_path / "data")
    h = token(client, "planner")
    r = client.post("/api/bundles", headers=h, files={"file": ("enc.zip", enc.read_bytes(), "application/zip")})
    assert r.status_code == 422, r.text
    assert [(e["file"], e["message_zh"][:18]) for e in r.json()["errors"]] == [("enc.zip", "压缩包设有密码，请去掉密码后重新上传")], r.json()
    assert f"{names[0]}等 {len(names)} 个文件设有密码" in r.json()["errors"][0]["message_zh"]
    assert "ZipInfo" not in r.text and "password-protected" in r.text
    r = client.post("/api/bundles", headers=h, files={"file": ("crc.zip", bytes(raw), "application/zip")})
    assert r.status_code == 422, r.text
    ent = [e for e in r.json()["errors"] if e["file"] == "enterprises.csv"]
    assert ent and "已损坏" in ent[0]["message_zh"] and "Bad CRC" not in ent[0]["message_zh"] and "damaged" in ent[0]["message_en"], r.json()
    # the CLI reads the same words
    v = _cli("validate", str(enc), cwd=tmp_path)
    assert v.returncode == 2 and "压缩包设有密码" in v.stderr and v.stderr.count("压缩包设有密码") == 1 and "ZipInfo" not in v.stderr, v.stderr


# ---- G15: the version ------------------------------------------------------------------------------------------------
def test_the_version_is_told_by_the_cli_and_healthz(tmp_path: Path) -> None:
    from importlib.metadata import version as package_version

    from tests.api_helpers import make_client

    r = _cli("--version", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith(f"inspection {package_version('inspection-planner')}"), r.stdout + r.stderr
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if head:  # run from a checkout: the commit too, which is what tells one build of the same release from another
        assert f"({head})" in r.stdout
    client = make_client(f"sqlite:///{tmp_path / 'g15.db'}", tmp_path / "data")
    h = client.get("/healthz")
    assert h.status_code == 200 and h.json()["status"] == "ok" and h.json()["version"] == r.stdout.split(" ", 1)[1].strip()
