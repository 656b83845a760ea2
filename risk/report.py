"""`inspection risk report`: the model card, targeting, calibration, disparity and drift."""

from __future__ import annotations

import html
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score

from bundle import Bundle
from risk.features import BAD, training_frame
from risk.model import EVIDENCE_RAMP, candidate_zh, top_share
from risk.reasons import RECORD_WORDS
from risk.score import BAND_MIN_LOSS, BAND_REPEATED_LOSS, GRADE_EXPLAINED, Scores

# where a tier came from (risk.score.TIER_SOURCES), in Chinese
SOURCE_ZH = {"dishonest": "严重失信名单", "grade": "信用风险分类", "model": "风险模型", "fallback": "计分法"}


def targeting(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    out = {"auc": float(roc_auc_score(y, p)) if len(np.unique(y)) == 2 else float("nan")}
    for f in (0.1, 0.2, 0.5):
        share = top_share(y, p, f)
        out[f"top{int(f * 100)}"] = share
        out[f"lift{int(f * 100)}"] = share / f
    return out


def truth_figures(scores: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Against the hidden propensity: rank correlation, expected violations caught, oracle overlap."""
    t = scores["enterprise_id"].map(truth.set_index("enterprise_id")["p_violation"]).to_numpy(dtype=float)
    p = scores["risk_score"].to_numpy()
    k = int(np.ceil(0.2 * len(p)))
    ours = np.argsort(-p, kind="stable")[:k]
    oracle = np.argsort(-t, kind="stable")[:k]
    share = t[ours].sum() / t.sum()
    return {"spearman": float(spearmanr(p, t).statistic), "top20_expected_share": float(share), "top20_lift": float(share / 0.2),
            "oracle_top20_share": float(t[oracle].sum() / t.sum()), "oracle_overlap": len(set(ours) & set(oracle)) / k}


def fairness_table(bundle: Bundle, scores: Scores, col: str, truth: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per group of `col`: selection rate (share in the top 20% by score) against the violation rate
    of its past inspections (and, given the truth, its mean hidden propensity)."""
    ent = bundle.enterprises[["enterprise_id", "district_code", "size", "sector"]]
    s = scores.frame.merge(ent, on="enterprise_id")
    s["selected"] = s["risk_score"].rank(ascending=False, method="first") <= np.ceil(0.2 * len(s))
    ins = bundle.inspections.merge(ent, on="enterprise_id")
    g = s.groupby(col).agg(enterprises=("risk_score", "size"), mean_score=("risk_score", "mean"), selection_rate=("selected", "mean"))
    g["inspections"] = ins.groupby(col).size().reindex(g.index).fillna(0).astype(int)
    g["violation_rate"] = ins.assign(bad=ins["outcome"].isin(BAD)).groupby(col)["bad"].mean().reindex(g.index)
    if truth is not None:
        g["true_propensity"] = s.assign(t=s["enterprise_id"].map(truth.set_index("enterprise_id")["p_violation"])).groupby(col)["t"].mean()
    return g


def _ratio(v: pd.Series, zh: bool = False) -> str:
    """Highest group over lowest, as a reader takes it: "×1.63"; no ratio where the lowest group is at 0% (it read
    "×nan") or no group has a value."""
    v = v.dropna()
    if not len(v):
        return "—"
    if v.min() <= 0:
        return f"—（最低组为0%，最高组 {v.max():.1%}）" if zh else f"— (lowest group at 0%, highest {v.max():.1%})"
    return f"×{v.max() / v.min():.2f}"


def _share(x: float) -> str:
    """A rate, or "—" for a group with nothing to count (no past inspections: it read "nan%")."""
    return "—" if pd.isna(x) else f"{x:.1%}"


# the fairness table's groups, as bundle.md names them
GROUP_ZH = {"district_code": "区县", "size": "规模", "sector": "行业"}


def fairness_lines(bundle: Bundle, scores: Scores, truth: pd.DataFrame | None = None) -> list[str]:
    lines = ["## 公平性：入选率与违法率 · Fairness: selection rate against violation rate", "",
             "入选指按风险评分排在前20%（衡量评分偏向的尺子，不是本计划的实际抽取结果）。某组入选远多于（或远少于）其违法率所应得时，"
             "见各组最高与最低之比。",
             "Selection = the top 20% by risk score (a yardstick of the scores' lean, not the plan's actual draw). A group "
             "selected far more often than its violation rate warrants (or less) shows in the two ratios of highest to lowest "
             "group.", ""]
    for col in ("district_code", "size", "sector"):
        g = fairness_table(bundle, scores, col, truth)
        extra = " 真实倾向 true propensity |" if "true_propensity" in g else ""
        lines += [f"| {GROUP_ZH[col]} {col} | 企业数 enterprises | 平均评分 mean score | 入选率 selection rate | 历史检查 past inspections | "
                  f"违法率 violation rate |{extra}",
                  "|---|---|---|---|---|---|" + ("---|" if extra else "")]
        for k, r in g.iterrows():
            t = f" {r.true_propensity:.1%} |" if extra else ""
            lines.append(f"| {k} | {int(r.enterprises)} | {r.mean_score:.3f} | {r.selection_rate:.1%} | {int(r.inspections)} | "
                         f"{_share(r.violation_rate)} |{t}")
        lines += ["", f"{GROUP_ZH[col]}：最高组与最低组之比——入选率 {_ratio(g.selection_rate, True)}，违法率 {_ratio(g.violation_rate, True)}。",
                  f"{col}: highest / lowest group — selection rate {_ratio(g.selection_rate)}, "
                  f"violation rate {_ratio(g.violation_rate)}.", ""]
    return lines


def _signed(x: object) -> str:
    """+0.123 / −0.045, and +0.000 rather than "-0.000" for a value that rounds to nothing."""
    v = round(float(x), 3) or 0.0  # type: ignore[arg-type]
    return f"{v:+.3f}"


def write_report(bundle: Bundle, scores: Scores, out: Path, truth: pd.DataFrame | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    card = scores.card.copy()
    lines = [f"# 风险模型报告 · Risk model report — {bundle.year}", "",
             f"检查包 `{bundle.source}`（sha256 {bundle.input_sha256[:12]}…），企业 {len(bundle.enterprises)} 户，用于训练的历史检查 "
             f"{card['labelled_inspections']} 次（违法率 {(card['violation_rate'] or 0):.1%}）。",
             f"Bundle `{bundle.source}` (sha256 {bundle.input_sha256[:12]}…), {len(bundle.enterprises)} enterprises, "
             f"{card['labelled_inspections']} labelled past inspections (violation rate "
             f"{(card['violation_rate'] or 0):.1%}).", "", "## 模型卡 · Model card", ""]
    if card["method"] == "model":
        lo, hi = EVIDENCE_RAMP
        lines += [f"- 标注：检查结果属于（{card['label']}）即记为违法；模型说明见 risk/MODEL_CARD.md。",
                  f"- Label: outcome in ({card['label']}); model card: risk/MODEL_CARD.md.",
                  f"- 采用：**{candidate_zh(str(card['chosen']))}**——滚动起点验证（近两年每半年一个起点，每次只用此前的数据训练）；"
                  f"每个候选相对最简单候选的逐折配对增益不足{lo:g}个标准误时权重为0，达到{hi:g}个标准误时权重为1，其间按比例加权，评分为加权平均。",
                  f"- Kept: **{card['chosen']}** — rolling-origin validation (half-year origins over the last two years, each "
                  f"trained only on what came before); a candidate's weight is 0 while its paired gain over the simplest is "
                  f"below {lo:g} standard errors, 1 from {hi:g}, and in between in proportion; the score is the weighted mean.", "",
                  "| 候选 candidate | 平均 AUC mean AUC | 标准误 standard error | 折数 folds | 权重 weight |", "|---|---|---|---|---|"]
        for v in card["validation"]:
            zh_name = candidate_zh(str(v["candidate"]))
            weight = v.get("weight", 1.0 if v["kept"] else 0.0)  # a card written before the weights: the one kept
            lines.append(f"| {zh_name}{'' if zh_name == v['candidate'] else ' ' + str(v['candidate'])} | {v['auc']:.3f} | "
                         f"{v['auc_se']:.3f} | {v['folds']} | {f'{weight:.0%}' if weight else ''} |")
        if card.get("calibration_reversed") is None:
            lines += ["", "- 校准：用按年份划分的样本外预测做 sigmoid 校准（CalibratedClassifierCV，ensemble=False，PredefinedSplit），"
                      "再用全部数据拟合一次。",
                      "- Calibration: sigmoid on out-of-year predictions (CalibratedClassifierCV, ensemble=False, a PredefinedSplit "
                      "by year); then one fit on every row."]
        else:  # said once, not "calibration: sigmoid" and then "calibration not used"
            lines += ["", f"- **未采用校准**：样本外预测对未见年份的排序方向相反（sigmoid 斜率 a = {card['calibration_reversed']:+.3f}，"
                      "采用将反转所有评分和理由），故评分为模型本身的概率，用全部数据拟合；上表的验证 AUC 说明历史数据所能提供的信息有限。",
                      "- **Calibration not used**: the out-of-year predictions ranked the unseen year the wrong way "
                      f"round (sigmoid slope a = {card['calibration_reversed']:+.3f}, which would reverse every score and every "
                      "reason), so the scores are the model's own probabilities, fitted on every row. Its validation AUC above "
                      "says how little the history shows."]
        unlearnt = card.get("unlearnt") or []
        triggers_learnt = all(u["record"] != "triggers" for u in unlearnt)
        for u in unlearnt:
            legal = u["record"] in ("grade", "dishonest")  # R-TIER reads these records themselves, whatever the model learnt
            # requests and referrals also count among the triggers, whose weight may be learnt (prereg13b, prereg18;
            # review13) — unless the triggers are unlearnt too, and then none of them moves a score (review18)
            among_triggers = u["record"] in ("requests", "referrals") and triggers_learnt
            effect_zh, effect_en = (("分级仍依 R-TIER（保留区间调整时亦按区间）。", "its tier still follows R-TIER (and the band, where kept).")
                                    if legal else
                                    ("未习得其单独权重，但仍计入线索数，按线索计分。", f"their own weight is not learnt, but a "
                                     f"{'request' if u['record'] == 'requests' else 'referral'} still counts among the triggers and "
                                     "moves a score as they do.") if among_triggers else
                                    ("不影响评分（线索仍须安排检查：R-TRIGGER）。", "it moves no score (a trigger still makes its visit: R-TRIGGER)."))
            lines.append(f"- **未习得：{RECORD_WORDS.get(str(u['record']), (str(u['record']), ''))[0]}。** 编制计划时有 {u['enterprises']} 户企业持有此类记录，但以往检查时均无，模型无法习得"
                         f"其权重；{effect_zh}")
            lines.append(f"- **Not learnt: {u['record']}.** {u['enterprises']} enterprises hold such a record as of the plan, but no "
                         f"past inspection had one at its date, so the model could learn no weight for it; {effect_en}")
        trend = card.get("sector_trends") or []
        if trend:
            lines += ["- 行业趋势（risk.model.GroupTrend）：各行业逐年的残差（实际违法与预测之比，对数几率），其年斜率按行业间的离散程度"
                      "向0收缩，再从该行业训练数据的平均日期外推到计划年度开始（截止日1月1日）。各行业没有变化趋势的局，调整量为0。",
                      "- Sector trends 行业趋势 (risk.model.GroupTrend): each sector's yearly residual (observed over predicted "
                      "violations, log-odds), its slope per year shrunk toward 0 by the spread between sectors, carried from "
                      "the sector's mean training date to the start of the plan year (its cut-off, 1 January). A bureau whose sectors do not move "
                      "gets offsets of 0.", "",
                      "| 行业 sector | 行数 rows | 年斜率 slope / year | 收缩后 shrunk | 调整量 offset (log-odds) |", "|---|---|---|---|---|"]
            lines += [f"| {r['group']} | {r['rows']} | {_signed(r['slope'])} | {_signed(r['shrunk_slope'])} | {_signed(r['offset'])} |"
                      for r in trend]
            lines.append("")
    else:
        lines += [f"- **计分法（后备）**：{card.get('fallback_reason_zh') or card.get('fallback_reason')}。评分为 risk/fallback.py 的透明计分，其所定分级均标注 fallback。",
                  f"- **Fallback (points)**: {card.get('fallback_reason')}. Scores are the transparent points of risk/fallback.py, "
                  "flagged `fallback` in every tier they set."]
    sources_zh = "，".join(f"{SOURCE_ZH.get(k, k)} {n} 户" for k, n in dict(card["tier_sources"]).items())
    lines += [f"- 分级阈值（政策 `tier_thresholds`）：{card['thresholds']}；分级依据：{sources_zh}；各级占比："
              + "，".join(f"{k} {v:.1%}" for k, v in card["tier_shares"].items()) + "。"]
    lines += [f"- Tier thresholds (policy `tier_thresholds`): {card['thresholds']}; tier sources: "
              + ", ".join(f"{k} {n}" for k, n in dict(card["tier_sources"]).items()) + "; "
              "tier shares: " + ", ".join(f"{k} {v:.1%}" for k, v in card["tier_shares"].items())]
    crowded = card.get("crowded_tier")
    if crowded:
        lines.append(f"- **分级集中**：由评分定级的 {crowded['firms']} 户企业中 {crowded['share']:.1%} 在{crowded['tier']}级（其平均评分 "
                     f"{crowded['mean_score']:.1%}；分级阈值 {card['thresholds']}）。分级阈值为本局政策（R-TIER）；如需区分本局企业，可按本局"
                     "违法率调整阈值。")
        lines.append(f"- **One tier holds most model-tiered firms 分级集中**: {crowded['share']:.1%} of the {crowded['firms']} firms whose "
                     f"tier the scores set are in tier {crowded['tier']} (their mean score {crowded['mean_score']:.1%}; tier_thresholds "
                     f"{card['thresholds']}). The thresholds are the bureau's policy (R-TIER); where the tiers should separate this "
                     "bureau's firms, set them nearer its rates. 分级阈值为本局政策；如需区分本局企业，可按本局违法率调整。")
    held = card.get("held_to_band", {})
    # R-TIER: where a grade or a listing imposes the tier the published score is held in its band (risk.tiers.keep_in_band);
    # every figure below that reads `risk_score` reads that published value, not the model's own
    lines += [f"- 信用分级或严重失信名单所定级别的企业，公布评分按该级区间调整（R-TIER）：{held.get('raised', 0)} 户上调至区间底部、"
              f"{held.get('lowered', 0)} 户下调至区间顶部（各自保持原有先后）；以下 `risk_score` 均为公布值（抽签所用），`model_score` 为"
              f"{'模型' if card.get('method') == 'model' else '计分法'}本身的评分。"]
    lines += [f"- Published score held to the band of a tier the records impose (R-TIER): {held.get('raised', 0)} raised to "
              f"the foot of the band, {held.get('lowered', 0)} lowered to its top, each group in its own order; `risk_score` below is the published value "
              "(what the lottery weighs), `model_score` in `inspection score` the model's own."]
    band = card.get("band")
    if band and card.get("method") != "model":  # the fallback: no out-of-time scores to judge the band by
        lines += ["- 保留区间调整：计分法没有可供检验的历史期。", "- Band kept: the points score has no past periods to judge it by."]
    elif band and band.get("reason") == "grade_explained":  # dropped before the past test (risk.score.grade_explained)
        lines += [f"- 取消区间调整：本局信用分级几乎可由评定日的信用记录、以往检查和线索推出（交叉验证 Spearman {band['grade_explained']:.4f}，"
                  f"达到 {GRADE_EXPLAINED} 即取消），模型已读取这些记录，按区间调整不增加信息；未再做历史期检验。"]
        lines += [f"- Band dropped: the official grades are a function of the records the model reads at their rating day "
                  f"(cross-validated Spearman {band['grade_explained']:.4f}, at least {GRADE_EXPLAINED}, from credit records in "
                  "force, past inspections and triggers), so holding scores to them adds nothing; the past test was not "
                  "consulted. 信用分级几乎可由评定日的记录推出，故公布模型评分。"]
    elif band:  # why the band was kept or dropped (risk.score.past_evidence), in the bureau's own figures
        explained = band.get("grade_explained")
        measured = ("" if explained is None else f"; grades explained by the records at their rating day: Spearman "
                    f"{explained:.4f} (dropped at {GRADE_EXPLAINED} or more)")
        over = (f"{band['periods']} periods" if band.get("se_from") != "inspections"
                else "1 period (its standard error from a bootstrap of its inspections)")
        gain = ("no past period with enough imposed tiers to judge it" if band["auc_gain"] is None
                else f"past AUC held to the band minus the model's own {band['auc_gain']:+.4f} ± {band['se']:.4f} over {over}")
        gain_zh = ("没有足够的历史期（其中由记录定级的检查不足）可供检验" if band["auc_gain"] is None
                   else f"历史期上按区间调整后的 AUC 减去模型本身的 AUC：{band['auc_gain']:+.4f} ± {band['se']:.4f}（{band['periods']} 期）")
        measured_zh = ("" if explained is None else f"；信用分级可由评定日记录推出的程度：Spearman {explained:.4f}（达到 {GRADE_EXPLAINED} "
                       "即取消）")
        lines += [f"- {'保留' if band['kept'] else '取消'}区间调整：{gain_zh}；仅当损失同时超过2个标准误和 {BAND_MIN_LOSS}，"
                  f"或两期以上的平均损失超过 {BAND_REPEATED_LOSS}（不论标准误）时取消{measured_zh}。"]
        lines += [f"- Band {'kept' if band['kept'] else 'dropped'}: {gain}; dropped only on a loss beyond both 2 standard "
                  f"errors and {BAND_MIN_LOSS}, or on a mean loss beyond {BAND_REPEATED_LOSS} over two periods or more (whatever "
                  f"its standard error){measured}."]
    lines.append("")

    model = scores.model
    if model is not None:
        Xt, y = training_frame(bundle, tuple(str(card["label"]).split("+")))
        mask, pv = model.holdout(Xt, y)
        yv = y[mask]
        t = targeting(yv, pv)
        lines += ["## 验证年的排序效果 · Targeting on the validation year", "",
                  f"AUC {t['auc']:.3f}；评分前10% / 20% / 50%中发现的违法占比：{t['top10']:.1%} / {t['top20']:.1%} / {t['top50']:.1%}"
                  f"（相对随机抽取 ×{t['lift10']:.2f} / ×{t['lift20']:.2f} / ×{t['lift50']:.2f}）。",
                  f"AUC {t['auc']:.3f}; share of violations found in the top 10% / 20% / 50%: {t['top10']:.1%} / {t['top20']:.1%} / "
                  f"{t['top50']:.1%} (lift over random ×{t['lift10']:.2f} / ×{t['lift20']:.2f} / ×{t['lift50']:.2f}).", ""]
        frac, mean = calibration_curve(yv, pv, n_bins=10, strategy="quantile")
        fig, ax = plt.subplots(figsize=(4.5, 4))
        ax.plot([0, 1], [0, 1], "--", color="grey")
        ax.plot(mean, frac, "o-")
        ax.set_xlabel("predicted")
        ax.set_ylabel("observed")
        ax.set_title("calibration (validation year)")
        fig.tight_layout()
        fig.savefig(out / "calibration.png", dpi=90)
        plt.close(fig)
        lines += ["![calibration](calibration.png)", ""]
        v = Xt[mask].assign(y=yv, p=pv, quarter=Xt[mask]["cutoff"].dt.quarter)
        lines += ["## 验证年各季度的漂移 · Drift by quarter of the validation year", "",
                  "| 季度 quarter | 行数 rows | AUC | 预测 predicted | 实际 observed |", "|---|---|---|---|---|"]
        for qtr, g in v.groupby("quarter"):
            auc = roc_auc_score(g.y, g.p) if g.y.nunique() == 2 else float("nan")
            lines.append(f"| Q{qtr} | {len(g)} | {auc:.3f} | {g.p.mean():.3f} | {g.y.mean():.3f} |")
        lines.append("")

    lines += fairness_lines(bundle, scores, truth)
    fig, ax = plt.subplots(figsize=(6, 3))
    scores.frame.merge(bundle.enterprises[["enterprise_id", "sector"]], on="enterprise_id").groupby("sector")["risk_score"].mean().sort_values().plot.barh(ax=ax)
    ax.set_xlabel("mean risk score")
    fig.tight_layout()
    fig.savefig(out / "by_sector.png", dpi=90)
    plt.close(fig)
    lines += ["![by sector](by_sector.png)", ""]

    if truth is not None:
        tf = truth_figures(scores.frame, truth)
        card["truth"] = tf
        lines += ["## 与隐藏真值对照 · Against the hidden truth (truth.csv)", "",
                  f"与真实倾向的 Spearman 秩相关 {tf['spearman']:.3f}。评分前20%含预期违法的 {tf['top20_expected_share']:.1%}（相对随机20% "
                  f"×{tf['top20_lift']:.2f}）；理想排序的前20%含 {tf['oracle_top20_share']:.1%}，即达到理想排序的 "
                  f"{tf['top20_expected_share'] / tf['oracle_top20_share']:.1%}；我们的前20%中有 {tf['oracle_overlap']:.1%} 也在理想排序的前20%中。",
                  f"Spearman rank correlation with the true propensity {tf['spearman']:.3f}. The top 20% by score holds "
                  f"{tf['top20_expected_share']:.1%} of the expected violations (lift ×{tf['top20_lift']:.2f} over a random 20%); "
                  f"the oracle's top 20% holds {tf['oracle_top20_share']:.1%}, so we capture "
                  f"{tf['top20_expected_share'] / tf['oracle_top20_share']:.1%} of the oracle; "
                  f"{tf['oracle_overlap']:.1%} of our top 20% are in the oracle's.", ""]
        if "model_score" in scores.frame:  # the same before the band: how much of the ranking is the band's, not the model's
            own = truth_figures(scores.frame.assign(risk_score=scores.frame["model_score"]), truth)
            card["truth_model_score"] = own
            lines += [f"模型本身的评分（`model_score`，区间调整前）：Spearman {own['spearman']:.3f}，前20%提升 ×{own['top20_lift']:.2f}。",
                      f"The model's own score (`model_score`, before the band of an imposed tier): Spearman {own['spearman']:.3f}, "
                      f"top-20% lift ×{own['top20_lift']:.2f}.", ""]
    md = "\n".join(lines)
    (out / "report.md").write_text(md, encoding="utf-8")
    (out / "model_card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (out / "report.html").write_text(_html(md), encoding="utf-8")
    return out / "report.md"


def _html(md: str) -> str:
    """Just enough Markdown → HTML for this report (headings, tables, images, paragraphs)."""
    body, in_table = [], False
    for line in md.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            if not in_table:
                body.append("<table>")
                in_table = True
            body.append("<tr>" + "".join(f"<td>{html.escape(c).replace('**', '')}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        if line.startswith("!["):
            src = line[line.index("(") + 1 : -1]
            body.append(f'<img src="{html.escape(src)}" alt="">')
        elif line.startswith("#"):
            n = len(line) - len(line.lstrip("#"))
            body.append(f"<h{n}>{html.escape(line[n:].strip())}</h{n}>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</table>")
    return ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>风险模型报告</title>'
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}td{border:1px solid #ccc;padding:2px 6px}"
            "table{border-collapse:collapse;margin:1em 0}</style><body>" + "\n".join(body) + "</body></html>")
