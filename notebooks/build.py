"""Writes the notebooks from their cells (kept here as code so diffs stay readable).

    python notebooks/build.py
"""

from pathlib import Path

import nbformat as nbf

HERE = Path(__file__).parent

RISK = [
    ("md", "# 风险模型 · The risk model on the demo bureau\n\nScores every enterprise of a synthetic bureau, compares the "
           "candidates on time, and measures targeting against the hidden truth (`truth.csv`)."),
    ("code", "import tempfile\nfrom pathlib import Path\nimport pandas as pd\nfrom scenarios import generate\nfrom bundle import load_bundle\n"
             "from risk import score_bundle\nfrom risk.report import targeting, truth_figures\n"
             "work = Path(tempfile.mkdtemp())\nbundle = load_bundle(generate('demo', work, seed=1))\nscores = score_bundle(bundle, random_state=0)\n"
             "pd.DataFrame(scores.card['validation'])"),
    ("md", "The model card (risk/MODEL_CARD.md): the label, which candidate rolling-origin validation kept, the tier "
           "thresholds and the resulting shares."),
    ("code", "{k: scores.card[k] for k in ('label', 'chosen', 'params', 'thresholds', 'tier_shares', 'tier_sources')}"),
    ("code", "m = scores.model\nfrom risk.features import training_frame\nX, y = training_frame(bundle)\n"
             "last, p = m.holdout(X, y)\nt = targeting(y[last], p)\nassert t['auc'] > 0.55, t\nt"),
    ("md", "Against the hidden propensity: the top 20% by score against a random 20% and against the oracle's top 20%."),
    ("code", "truth = pd.read_csv(work / 'truth.csv', dtype={'enterprise_id': str})\nf = truth_figures(scores.frame, truth)\n"
             "assert f['top20_lift'] > 1.2, f\nf"),
    ("md", "Reasons, as they go into selection.csv:"),
    ("code", "scores.frame.sort_values('risk_score', ascending=False).head(5)[['enterprise_id', 'risk_score', 'tier', 'reason_zh']]"),
]

PLAN = [
    ("md", "# 年度检查计划 · Analysing a demo plan\n\nLoad by month and team, the joint rate, the shortfalls."),
    ("code", "import json, tempfile\nfrom pathlib import Path\nimport pandas as pd\nfrom scenarios import generate\nfrom bundle import load_bundle\n"
             "from scheduler.plan import make_plan\nfrom scheduler.output import write_plan\nfrom checker import check_plan\n"
             "work = Path(tempfile.mkdtemp())\nbundle = load_bundle(generate('demo', work, seed=1))\n"
             "folder = write_plan(make_plan(bundle), work / 'plan')\nassert check_plan(bundle, folder) == []  # every invariant of plan.md, by the independent checker\n"
             "visits = pd.read_csv(folder / 'visits.csv', dtype=str, keep_default_na=False)\n"
             "meta = json.loads((folder / 'plan.json').read_text())\nlen(visits)"),
    ("md", "Visits per month, by tier:"),
    ("code", "visits.assign(month=visits.date.str[:7]).pivot_table(index='month', columns='tier', values='visit_id', aggfunc='count', fill_value=0)"),
    ("md", "Team load by month (from explain.json, which names each agency's team):"),
    ("code", "explain = json.loads((folder / 'explain.json').read_text())\n"
             "rows = [(v, t, d[:7]) for v, d in zip(visits.visit_id, visits.date) for t in explain[v]['teams'].values()]\n"
             "load = pd.DataFrame(rows, columns=['visit', 'team', 'month']).pivot_table(index='team', columns='month', values='visit', aggfunc='count', fill_value=0)\nload"),
    ("code", "print('joint rate', meta['joint_rate'])\nassert meta['joint_rate'] is None or meta['joint_rate'] >= 0.95\n"
             "pd.DataFrame(meta['shortfalls'])"),
]


def build(cells: list[tuple[str, str]], path: Path) -> None:
    nb = nbf.v4.new_notebook()
    nb.cells = [nbf.v4.new_markdown_cell(s) if k == "md" else nbf.v4.new_code_cell(s) for k, s in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbf.write(nb, path)


if __name__ == "__main__":
    build(RISK, HERE / "risk.ipynb")
    build(PLAN, HERE / "plan.ipynb")
