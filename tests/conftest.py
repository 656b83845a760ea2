from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from scenarios import generate

ROOT = Path(__file__).resolve().parents[1]
# the tests build hundreds of apps in one process, each on a throwaway database: none claims it as a server would
# (api.claim: a file and a PostgreSQL connection held for the process's life); tests/test_ops30.py claims on purpose
os.environ.setdefault("INSPECTION_SINGLE_SERVER", "false")
# mutation testing runs the tests from a copy in mutants/ (one level deeper): the spec is still beside the worktree
# INSPECTION_SHARED overrides it (a worktree one level deeper, /work/wt/<name>)
SHARED = Path(os.environ.get("INSPECTION_SHARED", (ROOT.parent.parent if ROOT.name == "mutants" else ROOT.parent) / "shared"))
EXAMPLE = SHARED / "spec" / "example"


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic bureau (bundle + truth.csv), generated once per run."""
    out = tmp_path_factory.mktemp("tiny")
    generate("tiny", out, seed=7)
    return out


@pytest.fixture(scope="session")
def tiny_greedy_plan(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny bureau's plan folder (greedy, one process), made once per run: read, never written, by the year's tests."""
    from bundle import load_bundle
    from scheduler.output import write_plan
    from scheduler.plan import PlanOptions, make_plan

    out = tmp_path_factory.mktemp("plan")
    write_plan(make_plan(load_bundle(tiny_dir / "bundle"), PlanOptions(processes=1, use_solver=False)), out)
    return out


@pytest.fixture()
def tiny_year(tiny_dir: Path, tiny_greedy_plan: Path):  # type: ignore[no-untyped-def]
    """A fresh year of the tiny plan (execution.Year), its calendar extended into the next year."""
    from bundle import load_bundle
    from execution import Year
    from execution.simulate import extend_calendar

    b = load_bundle(tiny_dir / "bundle")
    extend_calendar(b)
    return Year.from_folder(b, tiny_greedy_plan)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate("demo", out, seed=1)
    return out


@pytest.fixture()
def bundle_copy(tmp_path: Path) -> Path:
    """A writable copy of the spec's example bundle."""
    dst = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, dst)
    return dst


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(bundle: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell by its spreadsheet position (header = row 1)."""
    path = bundle / file
    header, rows = read_rows(path)
    rows[row - 2][header.index(column)] = value
    write_rows(path, header, rows)


def cell(bundle: Path, file: str, row: int, column: str) -> str:
    header, rows = read_rows(bundle / file)
    return rows[row - 2][header.index(column)]


def load_generator(folder: str, file: str = "generate") -> ModuleType:
    """bench/<folder>/<file>.py (a generator's generate.py, or a helper's judge.py) as a module of its own name,
    registered in sys.modules first: dataclasses look their module up while the file runs."""
    import importlib.util
    import sys

    name = f"{folder}_{file}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / folder / f"{file}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (INSPECTION_NO_SKIPS=1, set by .ci/run once it has installed PostgreSQL and Chromium) a skipped test is a
    failure: a lane that skips tests nothing and would pass silently."""
    if not os.environ.get("INSPECTION_NO_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and session.exitstatus == 0:
        names = ", ".join(sorted({getattr(r, "nodeid", "?") for r in skipped})[:5])
        print(f"\nINSPECTION_NO_SKIPS: {len(skipped)} test(s) skipped in CI ({names}): failing the run")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
