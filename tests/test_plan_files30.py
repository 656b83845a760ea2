"""Round 30: a plan's folder kept in the database too (api.models.PlanFile), so that the database alone restores every
plan. Before, the folders lived only in the data directory: a database restored without it answered 409 on every
`why` page, folder.zip and the year's first touch. The greedy planner and the tiny bundle (tests/test_flow.py's
service): no solve."""
from __future__ import annotations

import gzip
import hashlib
import io
import logging
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from api.app import create_app
from api.models import Plan, PlanFile
from api.services import keep_plan_files, plan_dir
from api.settings import Settings
from tests.test_flow import _greedy_service, new_plan


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, tiny_dir: Path):  # type: ignore[no-untyped-def]
    client, h, bundle_id, _ = _greedy_service(tmp_path_factory.mktemp("plan_files30"), tiny_dir)
    with client:
        yield client, h, bundle_id


def _rows(client: Any, pid: int) -> dict[str, PlanFile]:
    with Session(client.app.state.engine) as s:
        return {f.name: f for f in s.exec(select(PlanFile).where(PlanFile.plan_id == pid))}


def _files(zipped: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _recorded(client: Any, pid: int) -> dict[str, str]:
    with Session(client.app.state.engine) as s:
        p = s.get(Plan, pid)
        assert p is not None and p.files_sha256
        return dict(p.files_sha256)


def test_a_generated_plan_keeps_every_file_of_its_folder_in_the_database(service) -> None:  # type: ignore[no-untyped-def]
    client, h, bundle_id = service
    pid = new_plan(client, h, bundle_id)["id"]
    rows, recorded = _rows(client, pid), _recorded(client, pid)
    assert sorted(rows) == sorted(recorded) and "plan.json" in rows
    folder = plan_dir(client.app.state.settings, pid)
    for name, f in rows.items():
        content = gzip.decompress(f.content_gz)
        assert f.sha256 == recorded[name] == hashlib.sha256(content).hexdigest()
        assert content == (folder / name).read_bytes()
    assert len(rows["selection.csv"].content_gz) < (folder / "selection.csv").stat().st_size  # compressed


def test_a_folder_lost_from_the_data_directory_is_laid_out_again(service) -> None:  # type: ignore[no-untyped-def]
    """The `why` pages, folder.zip and the year's first touch after approval: as before the loss, byte for byte."""
    client, h, bundle_id = service
    pid = new_plan(client, h, bundle_id)["id"]
    zipped = client.get(f"/api/plans/{pid}/folder.zip", headers=h["auditor"])
    sel = client.get(f"/api/plans/{pid}/selection.csv", headers=h["auditor"]).content.decode("utf-8-sig").splitlines()
    firm = sel[1].split(",")[0]
    why = client.get(f"/api/plans/{pid}/enterprises/{firm}/why", headers=h["viewer"])
    assert zipped.status_code == why.status_code == 200
    folder = plan_dir(client.app.state.settings, pid)
    client.app.state.folders._cache.clear()  # the server restarted on the restored database: nothing held in memory
    shutil.rmtree(folder)
    again = client.get(f"/api/plans/{pid}/enterprises/{firm}/why", headers=h["viewer"])
    assert again.status_code == 200 and again.json() == why.json()
    shutil.rmtree(folder)
    z2 = client.get(f"/api/plans/{pid}/folder.zip", headers=h["auditor"])
    assert z2.status_code == 200 and _files(z2.content) == _files(zipped.content)
    shutil.rmtree(folder)
    assert client.post(f"/api/plans/{pid}/submit", headers=h["planner"]).status_code == 200
    assert client.post(f"/api/plans/{pid}/approve", headers=h["leader"], json={"comment": "同意"}).status_code == 200
    year = client.get(f"/api/plans/{pid}/year", headers=h["viewer"])  # Year.from_folder: the year's first touch
    assert year.status_code == 200, year.text
    assert sorted(p.name for p in folder.iterdir()) == sorted(_recorded(client, pid))
    assert not [p for p in folder.parent.iterdir() if ".restore-" in p.name]  # no half-laid folder left beside it


def test_a_database_copy_that_is_not_its_recorded_bytes_is_refused_not_laid_out(service) -> None:  # type: ignore[no-untyped-def]
    client, h, bundle_id = service
    pid = new_plan(client, h, bundle_id)["id"]
    with Session(client.app.state.engine) as s:
        f = s.exec(select(PlanFile).where(PlanFile.plan_id == pid, PlanFile.name == "visits.csv")).one()
        f.content_gz = gzip.compress(gzip.decompress(f.content_gz) + b"\n")
        s.add(f)
        s.commit()
    folder = plan_dir(client.app.state.settings, pid)
    client.app.state.folders._cache.clear()
    shutil.rmtree(folder)
    r = client.get(f"/api/plans/{pid}/folder.zip", headers=h["auditor"])
    assert r.status_code == 409 and r.json()["error_id"], r.text
    assert not folder.exists() and not [p for p in folder.parent.iterdir() if ".restore-" in p.name]


def test_a_plan_generated_before_the_copy_is_kept_at_the_next_start(service, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """keep_plan_files: the files of a plan with no copy (generated before migration 0007) are stored at a server's
    start from its folder, verified; a folder altered meanwhile is not copied (its readers report it), and is logged."""
    client, h, bundle_id = service
    settings: Settings = client.app.state.settings
    old, bad = new_plan(client, h, bundle_id)["id"], new_plan(client, h, bundle_id)["id"]
    with Session(client.app.state.engine) as s:
        for f in s.exec(select(PlanFile).where(PlanFile.plan_id.in_((old, bad)))):  # type: ignore[attr-defined]
            s.delete(f)
        s.commit()
    (plan_dir(settings, bad) / "plan.json").write_text("{}", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="api.services"):
        app = create_app(Settings(database_url=settings.database_url, data_dir=settings.data_dir, plan_processes=1,
                                  plan_use_solver=False))
    assert app.state.plan_files_kept == 1
    assert sorted(_rows(client, old)) == sorted(_recorded(client, old)) and _rows(client, bad) == {}
    assert f"plan {bad}: its files could not be kept in the database: plan.json sha256 differs" in caplog.text
    assert keep_plan_files(app.state.engine, settings) == 0  # nothing left to copy: the next start stores nothing
    app.state.engine.dispose()


def test_many_first_reads_at_once_lay_each_folder_out_once(service) -> None:  # type: ignore[no-untyped-def]
    """race30: eight request threads reading a bundle missing from the data directory at once (a restore onto an empty
    one) shared one temporary folder: 500s, and a half-laid folder refused for ever as tampered with. Each thread now
    lays its own and the first rename wins; the same for a plan's folder."""
    import threading

    from api.services import bundle_folder, plan_folder

    client, h, bundle_id = service
    pid = new_plan(client, h, bundle_id)["id"]
    settings: Settings = client.app.state.settings
    engine = client.app.state.engine
    for attempt in range(3):
        shutil.rmtree(settings.data_dir / "bundles" / str(bundle_id))
        shutil.rmtree(plan_dir(settings, pid))
        errors: list[str] = []
        gate = threading.Barrier(8)

        def read(n: int, gate: threading.Barrier = gate, errors: list[str] = errors) -> None:
            gate.wait()
            try:
                with Session(engine) as s:
                    (bundle_folder if n % 2 else plan_folder)(s, settings, bundle_id if n % 2 else pid)
            except Exception as e:  # any is the finding
                errors.append(f"{type(e).__name__}: {e}")

        threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [], (attempt, errors)
        with Session(engine) as s:
            assert bundle_folder(s, settings, bundle_id).is_dir()
        assert sorted(p.name for p in plan_dir(settings, pid).iterdir()) == sorted(_recorded(client, pid))
        assert not [p for p in (settings.data_dir / "bundles").iterdir() if p.name.startswith(".")]
        assert not [p for p in plan_dir(settings, pid).parent.iterdir() if p.name.startswith(".")]
