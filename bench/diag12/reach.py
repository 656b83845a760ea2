"""Which held-out bureaus are within reach of the bundle's features at all (issue 9), read off the harness's tables.

bench/foreign2/run.py prints, per bureau, a *truth-fit*: a 2-fold cross-fitted boosted regression taught the hidden
truth itself from as-of-1-January features built from the bundle. It depends on the generator and the harness only,
not on the product, so every generator's latest table gives it. It is an estimate of what the features carry, not a
bound (the product beats it on some bureaus). Here: per generator, how many bureaus' truth-fit falls below each target.

    python bench/diag12/reach.py
"""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
TABLES = {f"foreign{n}": BENCH / f"foreign{n}" / "results_main.md" for n in range(2, 16)}
LIFT, RHO = 1.58, 0.6


def per_bureau(path: Path) -> list[dict[str, str]]:
    """The rows of the table that has a `ceil_rho` column (the harness's "Per bureau" table)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| family |") and "ceil_rho" in line:
            head = [c.strip() for c in line.strip("|").split("|")]
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append(dict(zip(head, (c.strip() for c in row.strip("|").split("|")), strict=True)))
            return rows
    return []


def main() -> None:
    print("| generator | bureaus | truth-fit ρ < 0.6 | truth-fit lift < 1.58 | either | families where every bureau's truth-fit misses |")
    print("|---|---|---|---|---|---|")
    total = [0, 0, 0, 0]
    for name, path in TABLES.items():
        if not path.exists():
            continue
        rows = per_bureau(path)
        low_rho = [r for r in rows if float(r["ceil_rho"]) < RHO]
        low_lift = [r for r in rows if float(r["ceil_lift"]) < LIFT]
        either = [r for r in rows if float(r["ceil_rho"]) < RHO or float(r["ceil_lift"]) < LIFT]
        fams = sorted({r["family"] for r in rows})
        out = [f for f in fams if all(r in either for r in rows if r["family"] == f)]
        print(f"| {name} | {len(rows)} | {len(low_rho)} | {len(low_lift)} | {len(either)} | {', '.join(out) or '—'} |")
        for k, v in enumerate((len(rows), len(low_rho), len(low_lift), len(either))):
            total[k] += v
    print(f"| all | {total[0]} | {total[1]} | {total[2]} | {total[3]} | |")
    print("Truth-fit: the harness's boosted regression taught the truth (an estimate of what the features carry, not a bound).")
    current()


def meets(r: dict[str, str], who: str) -> bool:
    return float(r[f"{who}_lift"]) >= LIFT and float(r[f"{who}_rho"]) >= RHO


def current() -> None:
    """The families with a bureau within reach, rerun on the current product (bench/diag12/reach_<generator>.md, by
    bench/foreign2/run.py --families …): of the bureaus whose truth-fit meets both targets, how many the product and
    the plain LR meet."""
    print("\n| generator | families rerun | bureaus within reach | product meets both | LR meets both | product below LR on lift |")
    print("|---|---|---|---|---|---|")
    total = [0, 0, 0, 0]
    for name in TABLES:
        path = Path(__file__).with_name(f"reach_{name}.md")
        if not path.exists():
            continue
        rows = per_bureau(path)
        reach = [r for r in rows if float(r["ceil_rho"]) >= RHO and float(r["ceil_lift"]) >= LIFT]
        got = [sum(meets(r, w) for r in reach) for w in ("ours", "lr")]
        below = sum(float(r["ours_lift"]) < float(r["lr_lift"]) for r in reach)
        fams = ", ".join(sorted({r["family"] for r in rows}))
        print(f"| {name} | {fams} | {len(reach)} | {got[0]} | {got[1]} | {below} |")
        for k, v in enumerate((len(reach), *got, below)):
            total[k] += v
    print(f"| all | | {total[0]} | {total[1]} | {total[2]} | {total[3]} |")


if __name__ == "__main__":
    main()
