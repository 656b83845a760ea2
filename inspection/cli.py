"""`inspection`: validate, scenario, score, plan, check, why, serve, demo…"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bundle import Bundle, BundleInvalid, load_bundle

app = typer.Typer(add_completion=False, no_args_is_help=True, help="涉企行政检查年度计划 · annual enterprise inspection planning")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

EXIT_INVALID = 2


def load_or_exit(path: Path) -> Bundle:
    """Load a bundle; on any problem print every one and exit 2 — never a traceback."""
    try:
        return load_bundle(path)
    except BundleInvalid as e:
        for p in e.problems:
            err.print(str(p), markup=False)
        err.print(f"检查包无效：共 {len(e.problems)} 处问题，未做任何处理 / invalid bundle: {len(e.problems)} problem(s), nothing done",
                  markup=False)
        raise typer.Exit(EXIT_INVALID) from None


@app.command()
def validate(bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")]) -> None:
    """Check a bundle; print every problem as file:row:column, or its summary."""
    from inspection.summary import print_summary

    b = load_or_exit(bundle)
    print_summary(b, out)
    out.print("[green]检查包有效 / bundle is valid[/]")


@app.command()
def scenario(
    preset: Annotated[str, typer.Option(help="demo, city, province (or tiny)")] = "demo",
    out_dir: Annotated[Path, typer.Option("--out", help="writes OUT/bundle/ and OUT/truth.csv")] = Path("scenario"),
    seed: Annotated[int, typer.Option(help="same seed, same files")] = 1,
    officers_scale: Annotated[float, typer.Option(help="scale the head count (0.5 = the capacity-tight variant)")] = 1.0,
) -> None:
    """Generate a synthetic bureau (Faker zh_CN) with its hidden truth."""
    from scenarios import PRESETS, generate

    if preset not in PRESETS:
        err.print(f"未知的预设 {preset} / unknown preset {preset}: {', '.join(PRESETS)}")
        raise typer.Exit(EXIT_INVALID)
    path = generate(preset, out_dir, seed=seed, officers_scale=officers_scale)
    out.print(f"{path}  (+ {out_dir / 'truth.csv'})")


risk_app = typer.Typer(no_args_is_help=True, help="风险模型 · the risk model")
app.add_typer(risk_app, name="risk")


@app.command()
def score(
    bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")],
    out_file: Annotated[Path, typer.Option("--out", help="scores.csv to write")] = Path("scores.csv"),
    seed: Annotated[int, typer.Option(help="random_state of the model")] = 0,
) -> None:
    """Score every enterprise: risk_score, tier (R-TIER), tier_source, reasons in Chinese and English."""
    from risk import score_bundle

    b = load_or_exit(bundle)
    s = score_bundle(b, random_state=seed)
    s.frame.to_csv(out_file, index=False, float_format="%.6f", lineterminator="\n")
    card = s.card
    out.print(f"{out_file}: {len(s.frame)} enterprises · method {card['method']} ({card['chosen']}) · tiers "
              + " ".join(f"{k} {v:.0%}" for k, v in card["tier_shares"].items()))  # type: ignore[union-attr]
    if card["method"] == "fallback":
        out.print(f"[yellow]计分法兜底 / points fallback: {card.get('fallback_reason')}[/]")


@risk_app.command("report")
def risk_report(
    bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")],
    out_dir: Annotated[Path, typer.Option("--out")] = Path("risk-report"),
    truth: Annotated[Path | None, typer.Option(help="truth.csv of a synthetic bureau")] = None,
) -> None:
    """Write the model card and report (Markdown + HTML + plots)."""
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
    out.print(f"{path} · {path.with_suffix('.html')}")


@app.command()
def plan(
    bundle: Annotated[Path, typer.Argument(help="bundle folder, .xlsx or .zip")],
    out_dir: Annotated[Path, typer.Option("--out", help="the plan folder to write")] = Path("plan"),
    time_limit: Annotated[float, typer.Option(help="CP-SAT deterministic seconds per district")] = 10.0,
    processes: Annotated[int, typer.Option(help="parallel processes (1 CP-SAT worker each)")] = 2,
    greedy: Annotated[bool, typer.Option("--greedy", help="the greedy planner alone (the baseline)")] = False,
    dask: Annotated[bool, typer.Option("--dask", help="solve the districts on Dask: a LocalCluster of --processes workers, "
                                       "or the scheduler given after it (--dask tcp://host:8786)")] = False,
    dask_address: Annotated[str | None, typer.Argument(hidden=True, metavar="[tcp://host:8786]")] = None,
) -> None:
    """Bundle → scores → annual plan (visits.csv, selection.csv, plan.json), written whole or not at all."""
    from rich.progress import BarColumn, Progress, TextColumn

    from scheduler.atomic import write_plan_atomically as write_plan
    from scheduler.plan import PlanOptions, make_plan

    if dask_address is not None and (not dask or "://" not in dask_address):
        err.print(f"多余的参数 {dask_address} / unexpected argument {dask_address} (a Dask scheduler goes after --dask: --dask tcp://host:8786)",
                  markup=False)
        raise typer.Exit(EXIT_INVALID)
    b = load_or_exit(bundle)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} districts"),
                  TextColumn("{task.fields[figures]}"), console=err, transient=False) as bar:
        n = b.enterprises.district_code.nunique()
        task = bar.add_task("求解 solving", total=n, figures="")
        done = {"obj": 0.0, "bound": 0.0}

        def tick(result) -> None:  # type: ignore[no-untyped-def]
            f = result.figures
            done["obj"] += float(f["objective"])
            done["bound"] += float(f["best_bound"] if f.get("best_bound") is not None else f["objective"])
            bar.update(task, advance=1, figures=f"objective {done['obj']:,.0f} / bound {done['bound']:,.0f}")

        try:
            p = make_plan(b, PlanOptions(time_limit=time_limit, processes=processes, use_solver=not greedy,
                                         engine=(dask_address or "dask") if dask else None), progress=tick)
        except ConnectionError as e:  # an unreachable Dask scheduler: say so, write nothing
            err.print(str(e), markup=False)
            raise typer.Exit(EXIT_INVALID) from None
    write_plan(p, out_dir)
    print_plan_summary(out_dir)


def print_plan_summary(plan_dir: Path) -> None:
    import json

    meta = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    c, sv = meta["counts"], meta["solver"]
    out.print(f"[bold]{plan_dir}[/]: {c['visits']['total']} visits · by basis {c['basis']} · by mode {c['mode']}")
    out.print(f"by month {c['month']}")
    jr = meta.get("joint_rate")
    out.print(f"joint rate {jr:.1%}" if jr is not None else "joint rate —", end=" · ")
    out.print(f"objective {sv['final_objective']:,} (greedy {sv['greedy_objective']:,}, model bound {sv['best_bound']:,.0f}) · "
              f"{sv['wall_seconds']:.1f} s · shortfalls {len(meta['shortfalls'])}")
    for s in meta["shortfalls"][:8]:
        out.print(f"  未满足 shortfall {s['rule']} {s['id']}: {s['binding']}")
    if len(meta["shortfalls"]) > 8:
        out.print(f"  … 另有 {len(meta['shortfalls']) - 8} 条 / {len(meta['shortfalls']) - 8} more in plan.json")


@app.command()
def check(
    bundle: Annotated[Path, typer.Argument(help="the bundle the plan was made from")],
    plan_dir: Annotated[Path, typer.Argument(help="the plan folder")],
) -> None:
    """Re-verify every invariant of plan.md from the files; exit 1 with the list on any violation."""
    from scheduler.check import check_plan

    b = load_or_exit(bundle)
    try:
        found = check_plan(b, plan_dir)
    except (OSError, ValueError, KeyError) as e:
        err.print(f"{plan_dir}: 无法读取计划 / cannot read the plan: {e}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    for v in found:
        out.print(str(v), markup=False)
    if found:
        out.print(f"[red]{len(found)} 处违反 / {len(found)} violation(s)[/]")
        raise typer.Exit(1)
    out.print("[green]计划符合全部规则 / the plan keeps every invariant of plan.md[/]")


@app.command()
def why(
    enterprise_id: Annotated[str, typer.Argument(help="统一社会信用代码")],
    plan_dir: Annotated[Path, typer.Option("--plan", help="the plan folder")] = Path("plan"),
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Why this enterprise (or why not): reason, draw rank, each visit and the rules that fixed it."""
    import json

    from scheduler.why import PlanFolder, render

    try:
        folder = PlanFolder(plan_dir)
    except (OSError, ValueError) as e:
        err.print(f"{plan_dir}: 无法读取计划 / cannot read the plan: {e}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    w = folder.why(enterprise_id)
    if w is None:
        err.print(f"{enterprise_id}: 不在该计划的检查对象名录中 / not in this plan's register", markup=False)
        raise typer.Exit(EXIT_INVALID)
    out.print(json.dumps(w, ensure_ascii=False, indent=1) if as_json else render(w), markup=False)


user_app = typer.Typer(no_args_is_help=True, help="用户 · users of the service")
app.add_typer(user_app, name="user")
DEMO_USERS = (("planner", "planner", "planner-demo"), ("leader", "leader", "leader-demo"), ("leader2", "leader", "leader2-demo"),
              ("viewer", "viewer", "viewer-demo"), ("admin", "admin", "admin-demo"))


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="planner, leader, viewer or admin")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from standard input")] = False,
) -> None:
    """Create a user (password hashed with argon2)."""
    from sqlmodel import Session

    from api.db import make_engine, migrate
    from api.security import create_user
    from api.settings import get_settings

    if not password_stdin:
        err.print("请用 --password-stdin 提供密码 / give the password with --password-stdin")
        raise typer.Exit(EXIT_INVALID)
    password = sys.stdin.readline().rstrip("\n")
    settings = get_settings()
    migrate(settings.database_url)
    with Session(make_engine(settings.database_url)) as s:
        try:
            u = create_user(s, name, role, password)
        except ValueError as e:
            err.print(f"无法创建用户 / cannot create the user: {e}", markup=False)
            raise typer.Exit(EXIT_INVALID) from None
    out.print(f"user {u.username} ({u.role}) created")


@app.command()
def serve(
    port: Annotated[int, typer.Option()] = 8000,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
) -> None:
    """Serve the API and the pages on an existing database (DATABASE_URL, default SQLite)."""
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def load_demo(bundle_dir: Path) -> None:
    """Create the demo users, upload the demo bundle and generate its plan, in the configured database."""
    import io
    import zipfile

    from sqlmodel import Session, select

    from api.db import make_engine, migrate
    from api.models import Plan, User
    from api.security import create_user
    from api.services import Jobs, create_plan, store_upload
    from api.settings import get_settings

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    with Session(engine) as s:
        for name, role, pw in DEMO_USERS:
            if not s.exec(select(User).where(User.username == name)).first():
                create_user(s, name, role, pw)
        planner = s.exec(select(User).where(User.username == "planner")).one()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for p in sorted(bundle_dir.iterdir()):
                zf.write(p, p.name)
        up = store_upload(s, planner, "demo-bundle.zip", buf.getvalue())
        plan = create_plan(s, planner, up.id)
        plan_id = plan.id
    Jobs(engine, settings).run(plan_id)  # type: ignore[arg-type]
    with Session(engine) as s:
        p = s.get(Plan, plan_id)
        out.print(f"demo plan #{plan_id}: {p.status}, {p.summary.get('counts', {}).get('visits', {}).get('total')} visits")  # type: ignore[union-attr]
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
    """Generate the demo bureau, validate it, plan it and print the summary; --serve also loads and serves it."""
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
        load_demo(path)
        out.print(f"serving on http://127.0.0.1:{port}  (Ctrl-C to stop)")
        serve(port=port)


if __name__ == "__main__":  # pragma: no cover
    app(prog_name="inspection")
