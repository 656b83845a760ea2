"""`inspection`: validate, scenario, score, plan, check, why, serve, demo…"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bundle import Bundle, BundleInvalid, load_bundle

app = typer.Typer(add_completion=False, no_args_is_help=True, help="涉企行政检查年度计划 · annual enterprise inspection planning")
out = Console(highlight=False)
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
def demo(
    out_dir: Annotated[Path, typer.Option("--out")] = Path("demo-out"),
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Generate the demo bureau, validate it and print its summary."""
    from inspection.summary import print_summary
    from scenarios import generate

    path = generate("demo", out_dir, seed=seed)
    b = load_or_exit(path)
    print_summary(b, out)


def main() -> None:  # pragma: no cover - console entry when run as a module
    app(prog_name="inspection")
    sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
