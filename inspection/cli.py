"""`inspection`: validate, scenario, score, plan, check, why, serve, demo…"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from bundle import Bundle, BundleInvalid, load_bundle

if TYPE_CHECKING:  # imported where used, so that `inspection --help` stays quick
    from sqlmodel import Session

    from api.models import User
    from scheduler.plan import PlanOptions

class _Inspection(typer.Typer):
    """The console script: a database that cannot be reached is said in both languages and exits 3, for every
    command that opens it (serve, demo --serve, user …), not a page of traceback (ops30); a service the settings do
    not let start (another server on its data directory or database, a data directory it cannot write, production
    mode's checks, an unknown time zone) exits 2 with its reason."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception as e:
            from api.app import NotReadyForProduction  # here, not above: `inspection --help` stays quick
            from api.claim import DataDirUnusable, ServerRunning
            from api.clock import UnknownTimezone
            from api.db import DatabaseUnavailable
            from api.settings import SettingsInvalid

            if isinstance(e, DatabaseUnavailable | ServerRunning | DataDirUnusable | SettingsInvalid):
                err.print(f"{e.zh}\n{e.en}", markup=False)
                sys.exit(EXIT_DATABASE if isinstance(e, DatabaseUnavailable) else EXIT_INVALID)
            if isinstance(e, NotReadyForProduction | UnknownTimezone):
                err.print(str(e), markup=False)
                sys.exit(EXIT_INVALID)
            raise


app = _Inspection(add_completion=False, no_args_is_help=True, help="涉企行政检查年度计划 · annual enterprise inspection planning")
out = Console(highlight=False, soft_wrap=True)


def _version(given: bool) -> None:
    if given:
        from api.version import version

        out.print(f"inspection {version()}", markup=False)
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="版本 · the version and exit")] = False,
) -> None:
    """涉企行政检查年度计划 · annual enterprise inspection planning"""
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one problem per line, also when piped (no wrap at 80)

EXIT_INVALID = 2
EXIT_DATABASE = 3  # the database cannot be reached or its schema not created


def load_or_exit(path: Path) -> Bundle:
    """Load a bundle; on any problem print every one and exit 2 — never a traceback."""
    try:
        guard_archive(path)
        from api.clock import today  # the service's day (INSPECTION_TODAY), one source for the CLI and the service

        return load_bundle(path, today())
    except BundleInvalid as e:
        for p in e.problems:
            err.print(str(p), markup=False)
        err.print(f"检查包无效：共 {len(e.problems)} 处问题，未做任何处理 / invalid bundle: {len(e.problems)} problem(s), nothing done",
                  markup=False)
        raise typer.Exit(EXIT_INVALID) from None


def guard_archive(path: Path) -> None:
    """A .zip or .xlsx — given, or a workbook inside a given folder — is measured before it is unpacked, with the
    service's own caps (api.uploads.gather: members, compression ratio, unpacked size, rows and columns), so a zip bomb
    given on the command line is refused by name instead of filling the memory (badin7: the CLI read each member
    whole). The loader reads only the members gather measures (bundle.reader.is_bundle_file). The caps are the
    service's settings: INSPECTION_UPLOAD_MAX_DECOMPRESSED_MB, _RATIO, _ROWS, _COLUMNS, _SHEETS raise them.
    BundleInvalid with every problem found."""
    from api.settings import Settings
    from api.uploads import Caps, gather
    from bundle.problems import Collector
    from bundle.reader import is_bundle_file

    if path.is_dir():
        archives = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".xlsx" and is_bundle_file(p.name))
    else:
        archives = [path] if path.is_file() and path.suffix.lower() in (".zip", ".xlsx") else []
    found = Collector()
    caps = Caps.of(Settings())
    for a in archives:
        gather(a, a.name, caps, found)
    found.raise_if_any()


@app.command()
def validate(bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")]) -> None:
    """校验检查包，逐行列出全部问题（文件:行:列）或给出概要 · check a bundle; print every problem as file:row:column, or its summary."""
    from inspection.summary import print_summary

    b = load_or_exit(bundle)
    print_summary(b, out)
    out.print("[green]检查包有效 / bundle is valid[/]")


@app.command()
def scenario(
    preset: Annotated[str, typer.Option(help="demo, city, province (or tiny)")] = "demo",
    out_dir: Annotated[Path, typer.Option("--out", help="writes OUT/bundle/ and OUT/truth.csv")] = Path("scenario"),
    seed: Annotated[int, typer.Option(min=0, help="same seed, same files")] = 1,
    officers_scale: Annotated[float, typer.Option(help="scale the head count (0.5 = the capacity-tight variant)")] = 1.0,
    world: Annotated[str | None, typer.Option(help="a stress world on top of the preset (scenarios/worlds.py): tight, scarce, "
                                                   "city-unequal, in-year-dishonest, urgent, cert-expiry, leave, mixed")] = None,
    propensity: Annotated[str | None, typer.Option(help="hidden-propensity family: linear, interactions, firm-effect, "
                                                        "grade-driven, drift, sparse, careless, annual-grades (scenarios/propensity.py)")] = None,
) -> None:
    """生成模拟执法机关数据（含隐藏真值） · generate a synthetic bureau (Faker zh_CN) with its hidden truth."""
    from scenarios import PRESETS, generate
    from scenarios.propensity import FAMILIES
    from scenarios.worlds import WORLDS, apply_world

    if preset not in PRESETS:
        err.print(f"未知的预设 {preset} / unknown preset {preset}: {', '.join(PRESETS)}")
        raise typer.Exit(EXIT_INVALID)
    if world is not None and world not in WORLDS:
        err.print(f"未知的情景 {world} / unknown world {world}: {', '.join(WORLDS)}")
        raise typer.Exit(EXIT_INVALID)
    if propensity is not None and propensity not in FAMILIES:
        err.print(f"未知的倾向族 {propensity} / unknown propensity family {propensity}: {', '.join(FAMILIES)}")
        raise typer.Exit(EXIT_INVALID)
    path = generate(preset, out_dir, seed=seed, officers_scale=officers_scale, propensity=propensity)
    if world is not None:
        apply_world(world, path, seed=seed)
    out.print(f"{path}  (+ {out_dir / 'truth.csv'})", markup=False)


risk_app = typer.Typer(no_args_is_help=True, help="风险模型 · the risk model")
app.add_typer(risk_app, name="risk")


@app.command()
def score(
    bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")],
    out_file: Annotated[Path, typer.Option("--out", help="scores.csv to write")] = Path("scores.csv"),
    seed: Annotated[int, typer.Option(help="random_state of the model")] = 0,
) -> None:
    """为每户企业评分与分级（R-TIER），附中英文理由 · score every enterprise: risk_score, tier, tier_source, reasons."""
    from risk import score_bundle

    b = load_or_exit(bundle)
    s = score_bundle(b, random_state=seed)
    s.frame.to_csv(out_file, index=False, float_format="%.6f", lineterminator="\n")
    card = s.card
    out.print(f"{escape(str(out_file))}: {len(s.frame)} enterprises · method {card['method']} ({card['chosen']}) · tiers "
              + " ".join(f"{k} {v:.0%}" for k, v in card["tier_shares"].items()))
    if card["method"] == "fallback":
        out.print(f"[yellow]计分法兜底 / points fallback: {card.get('fallback_reason')}[/]")


@risk_app.command("report")
def risk_report(
    bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")],
    out_dir: Annotated[Path, typer.Option("--out")] = Path("risk-report"),
    truth: Annotated[Path | None, typer.Option(help="truth.csv of a synthetic bureau")] = None,
) -> None:
    """写出模型说明与报告（Markdown、HTML、图） · write the model card and report (Markdown + HTML + plots)."""
    import pandas as pd

    from risk import score_bundle
    from risk.report import write_report

    b = load_or_exit(bundle)
    t = None
    if truth is not None:
        try:
            t = pd.read_csv(truth, dtype={"enterprise_id": str})
            if list(t.columns[:2]) != ["enterprise_id", "p_violation"]:
                raise ValueError("columns must be enterprise_id,p_violation")
        except (OSError, ValueError) as e:
            err.print(f"{truth}:0:-: 无法读取真值文件 / cannot read truth file: {e}", markup=False)
            raise typer.Exit(EXIT_INVALID) from None
    path = write_report(b, score_bundle(b), out_dir, t)
    out.print(f"{path} · {path.with_suffix('.html')}", markup=False)


def plan_options(time_limit: float | None, processes: int | None, greedy: bool) -> PlanOptions:
    """The one solver configuration: scheduler.plan.PlanOptions' defaults (as the service uses), overridden only where given."""
    from scheduler.plan import PlanOptions

    default = PlanOptions()
    return PlanOptions(time_limit=default.time_limit if time_limit is None else time_limit,
                       processes=default.processes if processes is None else processes,
                       use_solver=False if greedy else default.use_solver)


@app.command()
def plan(
    bundle: Annotated[Path, typer.Argument(help="检查包：文件夹、.xlsx 或 .zip · bundle folder, .xlsx or .zip")],
    out_dir: Annotated[Path, typer.Option("--out", help="写出计划的文件夹 · the plan folder to write")] = Path("plan"),
    time_limit: Annotated[float | None, typer.Option(
        min=0.01, help="每部分 CP-SAT 确定性时限（秒），默认同服务端 · CP-SAT deterministic seconds per part; default: PlanOptions, as the service")] = None,
    processes: Annotated[int | None, typer.Option(min=1, help="并行进程数（每个一个 CP-SAT 线程）· parallel processes; default: PlanOptions")] = None,
    greedy: Annotated[bool, typer.Option("--greedy", help="仅用贪心算法（基线）· the greedy planner alone (the baseline)")] = False,
    dask: Annotated[bool, typer.Option("--dask", help="用 Dask 求解各区：本机 LocalCluster，或其后给出的调度器 · solve the districts on Dask: "
                                       "a LocalCluster of --processes workers, or the scheduler given after it (--dask tcp://host:8786)")] = False,
    dask_address: Annotated[str | None, typer.Argument(hidden=True, metavar="[tcp://host:8786]")] = None,
    check: Annotated[bool, typer.Option("--check/--no-check", help="写出后独立校验（同 inspection check），有违反则以 1 退出 · re-verify the plan "
                                        "written (as `inspection check`); exit 1 on any violation")] = True,
    first_day: Annotated[str | None, typer.Option(help="首个可安排检查的日期（服务端在年度内编制时取冻结期后一日，见 plan.json first_day）· no visit "
                                                  "before this day (YYYY-MM-DD): the service's plan made during its year, plan.json's first_day")] = None,
) -> None:
    """检查包 → 风险评分 → 年度计划 · bundle → scores → annual plan (visits.csv, selection.csv, plan.json), written whole or not at all."""
    from dataclasses import replace

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from scheduler.atomic import TargetRefused, check_target
    from scheduler.atomic import write_plan_atomically as write_plan
    from scheduler.plan import make_plan

    try:  # before minutes of solving: --out must be absent, empty or an earlier plan, never a file or the bundle itself
        check_target(out_dir)
    except TargetRefused as e:
        err.print(str(e), markup=False)
        raise typer.Exit(EXIT_INVALID) from None

    if dask_address is not None and (not dask or "://" not in dask_address):
        err.print(f"多余的参数 {dask_address} / unexpected argument {dask_address} (a Dask scheduler goes after --dask: --dask tcp://host:8786)",
                  markup=False)
        raise typer.Exit(EXIT_INVALID)
    try:
        first = dt.date.fromisoformat(first_day) if first_day else None
    except ValueError:
        err.print(f"--first-day {first_day}：应为 YYYY-MM-DD 日期 / --first-day {first_day}: not a YYYY-MM-DD date", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    options = replace(plan_options(time_limit, processes, greedy), engine=(dask_address or "dask") if dask else None,
                      release_history=True,  # this bundle is read by nothing after the plan: memory (issue 12)
                      first_day=first)
    b = load_or_exit(bundle)
    b.files = {}  # the upload's bytes are hashed already (input_sha256) and a plan never reads them again: 70 MB at a province
    stage = "贪心排程 greedy" if not options.use_solver else f"求解 solving (CP-SAT {options.time_limit:g} s/part)"
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} 部分 parts"),
                  TextColumn("已用 elapsed"), TimeElapsedColumn(), TextColumn("剩余 left"), TimeRemainingColumn(),
                  console=err, transient=False) as bar:
        n = b.enterprises.district_code.nunique()
        task = bar.add_task(f"评分与选取 scoring · {stage}", total=n)

        def tick(_result: object) -> None:
            bar.update(task, advance=1, description=stage)

        try:
            p = make_plan(b, options, progress=tick)
        except ConnectionError as e:  # an unreachable Dask scheduler: say so, write nothing
            err.print(str(e), markup=False)
            raise typer.Exit(EXIT_INVALID) from None
        bar.update(task, description="写出 writing")
        write_plan(p, out_dir)
    del p
    print_plan_summary(out_dir)
    if check:  # foreign31: a plan breaking R-OFFICER-DRAW and R-PRIORITY was written with exit 0, unsaid
        from checker import check_plan

        del b  # the plan released its history (release_history): the checker reads the bundle afresh, as `inspection check`
        found = check_plan(load_or_exit(bundle), out_dir)
        for v in found[:10]:
            out.print(str(v), markup=False)
        if found:
            out.print(f"[red]独立校验发现 {len(found)} 处违反（计划已写出）/ the independent check found {len(found)} violation(s) "
                      f"(the plan is written): inspection check {escape(str(bundle))} {escape(str(out_dir))}[/]")
            raise typer.Exit(1)


def print_plan_summary(plan_dir: Path) -> None:
    import json

    meta = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    c, sv = meta["counts"], meta["solver"]
    def counts(d: dict[str, int]) -> str:  # "mandatory 50, sampled 143", not a Python dict (walk13)
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "—"

    out.print(f"[bold]{escape(str(plan_dir))}[/]: {c['visits']['total']} visits · by basis {counts(c['basis'])} · by mode {counts(c['mode'])}")
    out.print(f"by month {counts(c['month'])}")
    jr = meta.get("joint_rate")
    out.print(f"joint rate {jr:.1%}" if jr is not None else "joint rate —", end=" · ")
    out.print(f"{sv['wall_seconds']:.1f} s · 未满足 shortfalls {len(meta['shortfalls'])} · 人员配置损失 placement loss {sv.get('placement_loss', 0)}")
    # the plan page's words (重点检查, not 必检); counted in agency-visits 检查主体次 (a joint visit counts once per
    # agency), which is why they exceed the visits above; placed against what is owed first, then against the most any
    # plan could place (walk13: "196 / bound 268 = 73%" read as a shortfall where all 196 owed were placed)
    labels = {"trigger_follow_up": "线索与复查 triggers+follow-ups", "mandatory": "重点检查 mandatory", "sampled": "随机抽查 sampled",
              "trigger_days": "线索与复查（逐日上界）triggers+follow-ups, day-aware bound"}
    coverage = (meta.get("bound") or {}).get("coverage", {})
    if coverage:
        out.print("按检查主体次计 in agency-visits (a joint visit counts once per agency):")
    for cls, f in coverage.items():  # each class against the capacity bound (R-PRIORITY)
        share = "—" if f["share_of_bound"] is None else f"{f['share_of_bound']:.2%}"  # None: a bound of 0 (nothing owed)
        owed = "—" if not f["owed"] else f"{f['placed'] / f['owed']:.2%}"
        out.print(f"  {labels.get(cls, cls)}: 已安排 placed {f['placed']:,} / 应 owed {f['owed']:,} = {owed} · "
                  f"上限 bound {f['bound']:,}, placed/bound {share}")
    before = (meta.get("triggers_before_year") or {}).get("count", 0)
    if before:  # history, not owed; said so that none vanishes without a word (foreign31 F3)
        out.print(f"  线索 triggers: {before} 条处理期限在计划年度前已届满，作为历史记录不纳入本计划 / "
                  f"{before} closed before the plan year: history, not planned (plan.json triggers_before_year)")
    for s in meta["shortfalls"][:8]:
        zh = s.get("binding_zh")
        out.print(f"  未满足 shortfall {s['rule']} {s['id']}: {zh + ' / ' if zh else ''}{s['binding']}", markup=False)
    if len(meta["shortfalls"]) > 8:
        out.print(f"  … 另有 {len(meta['shortfalls']) - 8} 条 / {len(meta['shortfalls']) - 8} more in plan.json")


@app.command()
def check(
    bundle: Annotated[Path, typer.Argument(help="the bundle the plan was made from")],
    plan_dir: Annotated[Path, typer.Argument(help="the plan folder, or its .zip (the service's folder.zip)")],
) -> None:
    """按 plan.md 逐条复核计划；有违反则列出并以 1 退出 · re-verify every invariant of plan.md; exit 1 with the list on any violation."""
    from checker import check_plan

    b = load_or_exit(bundle)
    try:
        with plan_folder(plan_dir) as folder:
            found = check_plan(b, folder)
    except (OSError, ValueError, KeyError) as e:
        err.print(f"{plan_dir}: 无法读取计划 / cannot read the plan: {e}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    for v in found:
        out.print(str(v), markup=False)
    if found:
        out.print(f"[red]{len(found)} 处违反 / {len(found)} violation(s)[/]")
        raise typer.Exit(1)
    out.print("[green]计划符合全部规则 / the plan keeps every invariant of plan.md[/]")


PLAN_ZIP_MEMBERS, PLAN_ZIP_BYTES = 100, 2 << 30  # a plan folder's zip: at most so many files, so many bytes unpacked


@contextmanager
def plan_folder(path: Path) -> Iterator[Path]:
    """The plan folder at `path`, or the zip of one (the service's 下载计划文件夹, GET /api/plans/{id}/folder.zip, which an
    auditor checks with this very command: walk46 G8 — "Not a directory: 'folder.zip/visits.csv'"), unpacked into a
    temporary folder; a zip whose files sit in one folder is read there. A member naming a path outside the folder
    is refused (ValueError), as a zip bundle's is."""
    import tempfile
    import zipfile

    from bundle.reader import encrypted, unzip_words  # the zip bundle's own words for a locked or damaged member

    if not path.is_file() or not zipfile.is_zipfile(path):
        yield path
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp).resolve()
        try:
            with zipfile.ZipFile(path) as zf:
                members = zf.infolist()
                # a plan folder is a few files; a province's visits.csv is some 100 MB (review46 R8: no cap unpacked a zip
                # bomb whole into the temporary folder)
                if len(members) > PLAN_ZIP_MEMBERS or sum(i.file_size for i in members) > PLAN_ZIP_BYTES:
                    raise ValueError(f"{path.name}: 压缩包超过 {PLAN_ZIP_MEMBERS} 个文件或 {PLAN_ZIP_BYTES >> 30} GiB，不是计划文件夹 / "
                                     f"more than {PLAN_ZIP_MEMBERS} files or {PLAN_ZIP_BYTES >> 30} GiB: not a plan folder")
                for info in members:
                    target = (root / info.filename).resolve()
                    if info.filename.startswith(("/", "\\")) or not target.is_relative_to(root):
                        raise ValueError(f"{path.name}: {info.filename} 指向计划文件夹之外 / points outside the plan folder")
                    if encrypted(info):
                        raise RuntimeError("encrypted")  # said below in the bundle reader's words
                zf.extractall(root)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as e:  # locked, damaged, or a compression zipfile lacks
            zh, en = unzip_words(e)
            raise ValueError(f"{path.name}: {zh} / {en}") from None
        inner = [p for p in root.iterdir() if p.is_dir()]
        yield inner[0] if not (root / "visits.csv").exists() and len(inner) == 1 else root


@app.command()
def why(
    enterprise_id: Annotated[str, typer.Argument(help="统一社会信用代码")],
    plan_dir: Annotated[Path, typer.Option("--plan", help="the plan folder")] = Path("plan"),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """某企业为何（未）被检查：理由、抽签序号、每次检查及其依据规则 · why this enterprise (or why not): reason, draw rank, visits and rules."""
    import json

    from scheduler.why import PlanFolder, render

    try:
        folder = PlanFolder(plan_dir)
    except (OSError, ValueError, KeyError) as e:  # KeyError: a visits.csv or selection.csv without its columns
        err.print(f"{plan_dir}: 无法读取计划 / cannot read the plan: {e}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    w = folder.why(enterprise_id)
    if w is None:
        err.print(f"{enterprise_id}: 不在该计划的检查对象名录中 / not in this plan's register", markup=False)
        raise typer.Exit(EXIT_INVALID)
    out.print(json.dumps(w, ensure_ascii=False, indent=1) if as_json else render(w), markup=False)


user_app = typer.Typer(no_args_is_help=True, help="用户 · users of the service")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="planner, leader, auditor, viewer or admin")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from standard input")] = False,
) -> None:
    """创建用户（argon2 存储密码） · create a user (password hashed with argon2)."""
    from api.security import create_user
    from api.services import audit
    from api.settings import get_settings

    password = _password_from_stdin(password_stdin)
    with _database() as s:
        try:
            create_user(s, name, role, password, get_settings().password_min_length)
        except ValueError as e:
            err.print(f"无法创建用户 / cannot create the user: {e}", markup=False)
            raise typer.Exit(EXIT_INVALID) from None
        audit(s, None, "user.add", actor=cli_actor(), username=name, role=role, by="cli")
        s.commit()
    out.print(f"user {name} ({role}) created", markup=False)


def cli_actor() -> str:
    """Who changed an account from the command line, as the audit trail names them: `cli:<os user>` (walk44 G9: the
    trail said only `by: cli`, so "who disabled root?" had no answer)."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (OSError, KeyError):  # no login name in the environment nor in the password database
        import os

        return f"cli:uid {os.getuid()}"


def _password_from_stdin(given: bool) -> str:
    """The password from standard input's first line (never an argument: it would sit in the shell's history and in
    `ps`), or exit 2 saying how to give it."""
    if not given:
        err.print("请用 --password-stdin 提供密码 / give the password with --password-stdin")
        raise typer.Exit(EXIT_INVALID)
    line = sys.stdin.readline()
    # the line's end, whichever system wrote it (walk44 G12: a file edited on Windows kept its \r, a character no login
    # form can type); any other character, a trailing space too, is the password's own
    return line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line


@contextmanager
def _database() -> Iterator[Session]:
    """The configured database, migrated, for a command that is not the server (`inspection user …`)."""
    from sqlmodel import Session

    from api.db import make_engine, migrate
    from api.settings import get_settings

    settings = get_settings()
    migrate(settings.database_url)
    with Session(make_engine(settings.database_url)) as s:
        yield s


def _user_named(s: Session, name: str) -> User:
    """The user called NAME, or exit 2 with a message naming it."""
    from sqlmodel import select

    from api.models import User

    u = s.exec(select(User).where(User.username == name)).first()
    if u is None:
        err.print(f"没有这个用户 / no such user: {name}", markup=False)
        raise typer.Exit(EXIT_INVALID)
    return u


@user_app.command("revoke")
def user_revoke(name: Annotated[str, typer.Argument()]) -> None:
    """结束该用户的全部会话 · end every session of a user at once (their tokens stop working, as cookie and as bearer).
    The user may log in again: `disable` stops that, `passwd` sets a new password."""
    from api.security import revoke_user
    from api.services import audit

    with _database() as s:
        u = _user_named(s, name)
        if u.id is None:  # a row read from the database always has its key
            raise RuntimeError(f"user {name} has no id")
        n = revoke_user(s, u.id)
        audit(s, None, "user.revoke", actor=cli_actor(), username=name, sessions=n, by="cli")
        s.commit()
    out.print(f"{n} session(s) of {name} revoked")


@user_app.command("passwd")
def user_passwd(
    name: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the new password from standard input")] = False,
) -> None:
    """重设密码（同一密码规则；该用户的全部会话结束） · set a user's password (a forgotten one, a demo one): the same policy
    as a new account's; every session of the user ends."""
    from api.security import set_password
    from api.services import audit
    from api.settings import get_settings

    password = _password_from_stdin(password_stdin)
    with _database() as s:
        u = _user_named(s, name)
        try:
            n = set_password(s, u, password, get_settings().password_min_length)
        except ValueError as e:
            err.print(f"密码未更改 / the password is not changed: {e}", markup=False)
            raise typer.Exit(EXIT_INVALID) from None
        audit(s, None, "user.password", actor=cli_actor(), username=name, sessions=n, by="cli")  # never the password, nor its hash
        s.commit()
    out.print(f"password of {name} set; {n} session(s) ended", markup=False)


def _set_disabled(name: str, disabled: bool) -> None:
    from api.security import LastAdmin, set_disabled
    from api.services import audit

    with _database() as s:
        u = _user_named(s, name)
        try:
            n = set_disabled(s, u, disabled)
        except LastAdmin as e:
            err.print(f"{e.zh}\n{e.en}", markup=False)
            raise typer.Exit(EXIT_INVALID) from None
        audit(s, None, "user.disable" if disabled else "user.enable", actor=cli_actor(), username=name, sessions=n, by="cli")
        s.commit()
    out.print(f"{name} {'disabled' if disabled else 'enabled'}{f'; {n} session(s) ended' if disabled else ''}", markup=False)


@user_app.command("unlock")
def user_unlock(name: Annotated[str, typer.Argument()]) -> None:
    """解除登录锁定（多次输错密码后） · lift a user's login lock-out (too many wrong passwords): the running server
    lets the user try again at once. `passwd` and `enable` lift it too."""
    from api.services import audit

    with _database() as s:
        _user_named(s, name)
        audit(s, None, "user.unlock", actor=cli_actor(), username=name, by="cli")
        s.commit()
    out.print(f"已解除 {name} 的登录锁定 / the login lock-out of {name} is lifted", markup=False)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument()]) -> None:
    """停用账号（离职人员：不能登录，会话全部结束；账号保留以便审计） · disable an account: no login, every session ended; the
    account stays, so the audit trail still names it (`revoke` only ends today's sessions)."""
    _set_disabled(name, True)


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument()]) -> None:
    """重新启用账号 · enable a disabled account again (its password unchanged)."""
    _set_disabled(name, False)


@user_app.command("scope")
def user_scope(
    name: Annotated[str, typer.Argument()],
    agency: Annotated[str | None, typer.Option(help="records only this agency's visits")] = None,
    team: Annotated[str | None, typer.Option(help="records only this team's visits")] = None,
) -> None:
    """限定用户只能记录本单位/本队伍的检查 · limit a user's records to one agency and/or team (R-RECORD: a record is the caller's own visit)."""
    from api.services import audit
    from api.yearstore import set_scope

    with _database() as s:
        set_scope(s, _user_named(s, name), agency, team)
        audit(s, None, "user.scope", actor=cli_actor(), username=name, agency=agency, team=team, by="cli")
        s.commit()
    out.print(f"user {name}: agency {agency or '*'} · team {team or '*'}", markup=False)


@app.command()
def serve(
    port: Annotated[int, typer.Option()] = 8000,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
) -> None:
    """启动服务（API 与页面；DATABASE_URL，默认 SQLite；首次启动时建表、升级时迁移） · serve the API and the pages; the
    database's schema is created or upgraded first (docs/operations.md)."""
    import uvicorn

    from api.app import create_app
    from api.logs import log_config
    from api.settings import get_settings

    _claim()
    proxy = get_settings().forwarded_allow_ips
    uvicorn.run(create_app(), host=host, port=port, log_level="info", log_config=log_config(),
                proxy_headers=proxy is not None, forwarded_allow_ips=proxy)


def _claim() -> None:
    """This process becomes the server of its data directory and database (api.claim), before anything else is done;
    a refusal is the console script's to say (_Inspection)."""
    from api.claim import claim_server
    from api.settings import get_settings

    settings = get_settings()
    if settings.single_server:
        claim_server(settings.data_dir, settings.database_url)


def load_demo(bundle_dir: Path, input_sha256: str = "") -> None:
    """Create the demo users, upload the demo bundle and generate its plan, in the configured database. A database
    already holding a plan of this very bundle (`input_sha256`: `make run` again, the demo year under way) keeps it
    and is served as it is (walk23: the second run stored the bundle again, then stopped on a traceback, 409, its
    plan's year being carried out)."""
    import io
    import zipfile

    from sqlmodel import Session, col, select

    from api.db import make_engine, migrate
    from api.jobs import Jobs
    from api.models import BundleUpload, Plan, User
    from api.security import DEMO_USERS, create_user
    from api.services import create_plan, store_upload
    from api.settings import get_settings

    settings = get_settings()
    if settings.production:
        err.print("生产模式不加载演示数据 / production mode: no demo users or data (INSPECTION_PRODUCTION)")
        raise typer.Exit(EXIT_INVALID)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    with Session(engine) as s:
        demo_names = {n for n, _, _ in DEMO_USERS}
        others = [u.username for u in s.exec(select(User)) if u.username not in demo_names]
        if others:  # a real database: demo users (admin/admin-demo) must never land in it
            err.print(f"该数据库已有非演示用户（{', '.join(others[:5])}），不加载演示数据 / the database at DATABASE_URL has real users: "
                      "no demo users are added to it; use the demo database (make run) instead", markup=False)
            raise typer.Exit(EXIT_INVALID)
        for name, role, pw in DEMO_USERS:
            if not s.exec(select(User).where(User.username == name)).first():
                create_user(s, name, role, pw, demo=True)  # `<name>-demo`, published: the policy would refuse it
        planner = s.exec(select(User).where(User.username == "planner")).one()
        kept = s.exec(select(Plan).join(BundleUpload, col(Plan.bundle_id) == col(BundleUpload.id))
                      .where(BundleUpload.input_sha256 == input_sha256).order_by(col(Plan.id))).first() if input_sha256 else None
        if kept is None:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                for p in sorted(bundle_dir.iterdir()):
                    zf.write(p, p.name)
            up = store_upload(s, planner, "demo-bundle.zip", buf.getvalue())
            if up.id is None:  # stored and committed rows carry their primary key
                raise RuntimeError("the demo bundle was not stored")
            plan = create_plan(s, planner, up.id)
        else:
            plan = kept
        if plan.id is None:
            raise RuntimeError("the demo plan was not stored")
        plan_id = plan.id
    if kept is None:
        Jobs(engine, settings).run(plan_id)
    with Session(engine) as s:
        done = s.get(Plan, plan_id)
        if done is None:
            raise RuntimeError(f"demo plan #{plan_id} vanished")
        visits = done.summary.get("counts", {}).get("visits", {}).get("total")
        if kept is None:
            out.print(f"demo plan #{plan_id}: {done.status}, {visits} visits")
        else:
            out.print(f"演示计划 #{plan_id} 已在数据库中（{done.state}），照旧提供，不再重新生成 / demo plan #{plan_id} is already in the "
                      f"database ({done.state}, {visits} visits): served as it is, not generated again", markup=False)
    out.print("demo users (username / password / role):")
    for name, role, pw in DEMO_USERS:
        out.print(f"  {name} / {pw} / {role}")


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out")] = Path("demo-out"),
    seed: Annotated[int, typer.Option()] = 1,
    serve_too: Annotated[bool, typer.Option("--serve", help="load it into the database and serve it on 127.0.0.1:8000")] = False,
    port: Annotated[int, typer.Option()] = 8000,
) -> None:
    """生成演示数据、校验、编制计划并打印概要；--serve 同时载入并启动服务 · the demo bureau, planned; --serve also loads and serves it."""
    from inspection.summary import print_summary
    from scenarios import generate
    from scheduler.output import write_plan
    from scheduler.plan import make_plan

    path = generate("demo", out_dir, seed=seed)
    b = load_or_exit(path)
    print_summary(b, out)
    write_plan(make_plan(b), out_dir / "plan")
    print_plan_summary(out_dir / "plan")
    if serve_too:
        from execution.notice import NO_FONT, cjk_font

        if cjk_font() is None:  # the year board's notices would answer 503 (walk15: nothing said so before)
            out.print(f"[yellow]注意 / note: {NO_FONT[0]} / {NO_FONT[1]}[/yellow]")
        _claim()  # before the demo's plan is loaded into a database another server is serving
        load_demo(path, b.input_sha256)
        out.print(f"serving on http://127.0.0.1:{port}  (Ctrl-C to stop)")
        serve(port=port)


@app.command("simulate-year")
def simulate_year_cmd(
    bundle: Annotated[Path, typer.Argument(help="bundle folder")],
    out_dir: Annotated[Path, typer.Option("--out", help="writes OUT/year-report.json and OUT/next-bundle/")] = Path("year"),
    truth: Annotated[Path | None, typer.Option(help="truth.csv of a synthetic bureau (else the model's risk scores)")] = None,
    seed: Annotated[int, typer.Option(help="seed of the simulated events")] = 0,
    plan_dir: Annotated[Path | None, typer.Option("--plan", help="an existing plan folder of this bundle (else one is made)")] = None,
    greedy: Annotated[bool, typer.Option("--greedy", help="plan with the greedy planner alone")] = False,
    time_limit: Annotated[float, typer.Option(min=0.01, help="CP-SAT deterministic seconds per district")] = 2.0,
) -> None:
    """模拟计划执行全年：编制、批准，再插入线索、请假改派、记录检查、办理时限 · the year in motion, simulated: plan, approve, then
    triggers inserted, leave re-planned, visits recorded, deadlines kept."""
    import json

    from api.clock import today
    from execution.errors import YearError
    from execution.simulate import SimOptions, simulate_year

    load_or_exit(bundle)
    try:
        rep = simulate_year(bundle, out_dir, truth, SimOptions(seed=seed, greedy=greedy, time_limit=time_limit, plan_dir=plan_dir,
                                                                today=today()))
    except (YearError, OSError, ValueError, KeyError) as e:
        err.print(f"模拟失败 / simulation failed: {e}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    out.print(json.dumps(rep, ensure_ascii=False, indent=1), markup=False)
    out.print(f"{out_dir / 'year-report.json'} · {out_dir / 'next-bundle'}", markup=False)


def _foreign_state(b: Bundle, raw: object) -> str | None:
    """Why a year's state cannot be this bundle's (its shape, its enterprises, its year), or None. Another bureau's state
    wrote its visits into this bureau's history without a word (hunt26)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("visits"), list) or not all(isinstance(v, dict) for v in raw["visits"]):
        return ("不是年度执行状态（应为含 visits 列表的 JSON 对象） / not a year's state (a JSON object with a list of visits "
                "was expected)")
    known = set(b.enterprises["enterprise_id"])
    strangers = sorted({str(v.get("enterprise_id")) for v in raw["visits"]} - known)
    if strangers:
        return (f"{len(strangers)} 家企业不在该检查包的 enterprises.csv 中（如 {strangers[0]}）：是否为其他单位或其他检查包的状态？ / "
                f"{len(strangers)} enterprise(s) are not in this bundle's enterprises.csv (e.g. {strangers[0]}): is it another "
                "bureau's or another bundle's state?")
    years = sorted({str(v.get("date", ""))[:4] for v in raw["visits"]} - {str(b.year)})
    if years:
        return (f"状态中的检查日期属于 {'、'.join(years)} 年，检查包为 {b.year} 年 / the state's visits fall in {', '.join(years)}, "
                f"the bundle is for {b.year}")
    return None


@app.command("export-history")
def export_history_cmd(
    bundle: Annotated[Path, typer.Argument(help="the bundle the year's plan was made from")],
    state: Annotated[Path, typer.Option("--state", help="the year's state (year-state.json of simulate-year, or the service's export)")],
    out_dir: Annotated[Path, typer.Option("--out", help="writes OUT/inspections.csv and OUT/credit_findings.csv")] = Path("history"),
) -> None:
    """导出本年度检查结果，供下一年度检查包使用（R-LEARN） · this year's records as next year's inspections.csv (with the
    bundle's history), and credit-relevant findings."""
    import json

    from execution.history import export_history
    from execution.simulate import extend_calendar
    from execution.year import Year

    b = load_or_exit(bundle)
    extend_calendar(b)
    try:
        raw = json.loads(state.read_text(encoding="utf-8"))
        foreign = _foreign_state(b, raw)
        if foreign:
            err.print(f"{state}: {foreign}", markup=False)
            raise typer.Exit(EXIT_INVALID)
        y = Year.load(b, raw)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        # a file of another shape ([], null, {"visits": 5}) is not a year's state: said, not a traceback (hunt26)
        err.print(f"{state}: 无法读取年度执行状态 / cannot read the year's state: {type(e).__name__}: {e}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    import datetime as dt

    from api.clock import today

    # read on the service's day (INSPECTION_TODAY, as the service's export), never before the year's end
    n = export_history(y, out_dir, max(today(), dt.date(y.reg.year, 12, 31)))
    out.print(f"{out_dir / 'inspections.csv'}: {n['inspections']} rows from this year · {out_dir / 'credit_findings.csv'}: {n['credit_findings']}",
              markup=False)


if __name__ == "__main__":  # pragma: no cover
    app(prog_name="inspection")
