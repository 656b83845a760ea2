"""Rule registry: one entry per rule id of rules.md (shared/spec), saying where each rule lives.

For each rule: the CP-SAT model function that encodes it (`model`), the greedy / placement check
(`greedy`), the independent checker's function (`checker`, named `checker.rules.check_<id_snake>`
by the checker's engineer; referenced as a dotted string, never imported here, so the checker stays
independent), an explanation (Chinese first), and the tests that fail when it breaks. A rule the
scheduler does not implement says where it is (`where`) or why there is none (`reason`).
tests/test_registry.py fails when an id of rules.md lacks an entry, or when a scheduler function or a
test named here does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleEntry:
    rule: str
    model: str | None  # dotted path of the part model's function (scheduler.constraints.*)
    greedy: str | None  # dotted path of the greedy / placement check
    checker: str | None  # dotted path in the independent checker package (not imported)
    zh: str
    en: str
    tests: tuple[str, ...] = ()  # pytest node ids (file::function)
    where: str | None = None  # where the rule lives when the scheduler does not hold it
    reason: str | None = None  # why an entry above is None


def _chk(rule: str) -> str:
    return "checker.rules.check_" + rule.lower().replace("-", "_")


R = "tests/test_scheduler_rules.py::"
P = "tests/test_plan.py::"
F37 = "tests/test_foreign37b.py::"
FITS = "scheduler.state.PartState.fits"
STAFF = "scheduler.staffing.TeamFlow.try_add"

RULES: dict[str, RuleEntry] = {e.rule: e for e in (
    # -- who inspects --------------------------------------------------------------------------
    RuleEntry("R-PAIR", "scheduler.constraints.r_pair_officers", STAFF, _chk("R-PAIR"),
              "每个执法主体至少2名不同的持证执法人员，同一人不得占两个席位", "k distinct certified officers of each agency on a visit",
              (R + "test_r_pair_officers_distinct_and_budget", R + "test_staffing_pair_feasible_and_recusal", P + "test_checker_catches")),
    RuleEntry("R-CERT", "scheduler.constraints.r_team_workday", "scheduler.staffing.TeamFlow.may_sit", _chk("R-CERT"),
              "执法证在检查当日有效", "certificate valid on the visit date (Staff.available is false after expiry)",
              (R + "test_r_team_workday_window_team_and_recusal", P + "test_checker_catches")),
    RuleEntry("R-RECUSE", "scheduler.constraints.r_team_workday", "scheduler.staffing.TeamFlow.may_sit", _chk("R-RECUSE"),
              "回避：被列明回避的执法人员不得检查该企业", "a recused officer never inspects that enterprise",
              (R + "test_r_team_workday_window_team_and_recusal", R + "test_staffing_pair_feasible_and_recusal", P + "test_checker_catches",
               "tests/test_guests.py::test_no_guest_with_officers_recused_from_the_firm")),
    RuleEntry("R-TEAM", "scheduler.constraints.r_team_workday", "scheduler.state.PartState.teams_for", _chk("R-TEAM"),
              "属地管辖：区县队伍在本区、市级队伍在全市；由模型在可派队伍中选择", "district team in its district, city team (…00) in its city; the model chooses",
              (R + "test_r_team_workday_window_team_and_recusal", P + "test_checker_catches")),
    RuleEntry("R-AVAIL", "scheduler.constraints.r_avail", FITS, _chk("R-AVAIL"),
              "在岗、每日上限、年度检查额度、队伍每日上限", "presence, daily caps, annual budget, team day cap",
              (R + "test_r_avail_team_day_cap", R + "test_r_avail_team_year_is_pair_feasible", P + "test_checker_catches",
               "tests/test_guests.py::test_no_guest_where_the_city_teams_day_is_full")),
    RuleEntry("R-ROTATE", None, None, None, "优先安排上年未检查该企业的人员", "prefer officers who did not inspect it last year",
              reason="superseded by R-OFFICER-DRAW (HARD): the HMAC draw fixes the order of officers, so a SOFT preference "
                     "cannot reorder them without breaking the draw; reported as a spec conflict"),
    RuleEntry("R-OFFICER-DRAW", None, "scheduler.staffing.TeamFlow.draw", _chk("R-OFFICER-DRAW"),
              "执法人员按HMAC顺序随机选派，仅跳过后续检查必需的人员", "officers taken in HMAC order, skipping only those needed later",
              (R + "test_r_officer_draw_takes_hmac_order_and_skips_only_who_is_needed_later", P + "test_anyone_can_redraw_the_officers"),
              reason="not a model constraint: the draw names officers after the plan's days are fixed (officer_draw.json)"),
    RuleEntry("R-TRAIN", None, None, None, "培训学时不足者通报", "officers under the training hours are reported",
              where="bundle (staffing report: bundle/crosscheck.py)", reason="reported, not excluded: no scheduling effect"),
    RuleEntry("R-REVIEW", None, None, None, "法制审核人员不足5%时提示", "flag units with too few legal reviewers",
              where="bundle (staffing report: bundle/crosscheck.py)", reason="a staffing report, no scheduling effect"),
    # -- what and why ----------------------------------------------------------------------------
    RuleEntry("R-ITEM", None, "scheduler.requirements.applicable_items", _chk("R-ITEM"),
              "只查清单内适用于该行业的事项", "only published items of the visiting agency that apply to the sector",
              (P + "test_checker_catches",), reason="fixed when requirements are built, before the model"),
    RuleEntry("R-BASIS", None, "scheduler.requirements.build_requirements", _chk("R-BASIS"),
              "每次检查均有合法依据", "every visit has a lawful basis", (P + "test_checker_catches",),
              reason="fixed when requirements are built: the model only places requirements"),
    RuleEntry("R-TIER", None, None, _chk("R-TIER"), "严重失信强制D级（按记录本身判断）", "serious_dishonest forces D, read from the records",
              (P + "test_checker_catches", "tests/test_risk.py::test_rtier_dishonest_record_of_january_forces_d",
               "tests/test_tiers_mutants.py::test_legal_tier_precedence_and_sources",
               "tests/test_tiers_mutants.py::test_keep_in_band_holds_imposed_tiers_and_leaves_scored_ones",
               "tests/test_checker_mutants.py::test_r_tier_score_in_its_tier_band"),
              where="risk/tiers.py (legal_tier reads the records, keep_in_band holds an imposed tier's score in its band; "
                    "called by risk.score.score_bundle); the scheduler takes Scores.frame.tier as is",
              reason="the scheduler never computes a tier"),
    RuleEntry("R-SAMPLE", None, "scheduler.plan.walk_sampled", _chk("R-SAMPLE"),
              "按抽签顺序依次递补，名额用满为止", "places filled strictly in draw order",
              (R + "test_r_sample_strict_draw_order", P + "test_places_and_ranks", P + "test_anyone_can_redraw_the_lottery",
               F37 + "test_the_checker_finds_a_firm_skipped_while_a_worse_rank_had_its_day",
               "tests/test_review38.py::test_a_firm_the_swap_placed_as_a_guest_is_read_in_its_own_district_and_the_walk_crashes",
               "tests/test_review38.py::test_a_firm_that_gave_its_place_is_not_left_out_while_its_seat_is_free_and_places_remain",
               "tests/test_review38.py::test_the_checker_judges_a_firm_skipped_for_capacity_that_has_a_follow_up",
               F37 + "test_the_held_out_bureau_keeps_every_hard_rule_its_judge_checks"),
              reason="class 2 of R-PRIORITY is a draw-order walk after the model's stages"),
    RuleEntry("R-REMOTE", None, "scheduler.requirements.remote_agencies", _chk("R-REMOTE"),
              "能非现场的不入企", "no on-site visit whose items could all be checked remotely", (P + "test_checker_catches",),
              reason="decided per agency when requirements are built"),
    RuleEntry("R-FOLLOW", "scheduler.constraints.r_team_workday", "scheduler.requirements.follow_ups", _chk("R-FOLLOW"),
              "上年未整改的违法行为须复查", "an unrectified violation gets a follow-up", (R + "test_r_team_workday_window_team_and_recusal", P + "test_checker_catches",
              "tests/test_round37.py::test_a_follow_up_whose_team_is_away_its_first_months_is_placed_later_in_the_year",
              "tests/test_review38.py::test_a_follow_up_whose_officers_go_away_for_the_rest_of_its_months_moves_later_not_to_a_shortfall",
              F37 + "test_the_checker_finds_a_follow_up_left_unmet_that_a_planned_visit_could_give_way_to")),
    RuleEntry("R-TRIGGER", "scheduler.constraints.r_team_workday", "scheduler.requirements.trigger_entries", _chk("R-TRIGGER"),
              "线索在期限内检查，否则列明原因", "triggers within their window, or a named shortfall",
              (R + "test_r_priority_triggers_before_mandatory", P + "test_checker_catches",
               "tests/test_city_pins.py::test_pin_days_pins_the_city_teams_day_where_the_own_team_is_full",
               "tests/test_guests.py::test_a_guest_plan_keeps_every_invariant_and_its_draw_can_be_redrawn")),
    # -- how often ------------------------------------------------------------------------------
    RuleEntry("R-CAP-AGENCY", "scheduler.constraints.r_cap", FITS, _chk("R-CAP-AGENCY"),
              "同一部门对同一企业每年计划现场检查不超过上限", "planned on-site visits per agency and enterprise",
              (R + "test_r_cap_agency_and_entries", P + "test_checker_catches",
               "tests/test_round45.py::test_most_arranged_fits_every_visit_where_joint_days_save_entries",
               "tests/test_round45.py::test_most_arranged_reads_the_agencys_cap_and_the_entries_left")),
    RuleEntry("R-CAP-ENTRY", "scheduler.constraints.r_cap", FITS, _chk("R-CAP-ENTRY"),
              "每年入企天数不超过上限（联合检查算一次）", "entry days per enterprise (a joint visit is one)",
              (R + "test_r_cap_agency_and_entries", P + "test_checker_catches",
               "tests/test_round45.py::test_most_arranged_fits_every_visit_where_joint_days_save_entries",
               "tests/test_round45.py::test_most_arranged_reads_the_agencys_cap_and_the_entries_left")),
    RuleEntry("R-JOINT", "scheduler.constraints.r_joint", "scheduler.state.too_close", _chk("R-JOINT"),
              "同日多部门检查合并为一次联合检查", "same-day agencies are one joint row",
              (R + "test_r_joint_one_entry_a_day_agencies_merge", P + "test_checker_catches",
               "tests/test_shortfall_joint.py::test_the_second_complaint_about_one_firm_on_its_only_day_names_the_first")),
    RuleEntry("R-GAP", "scheduler.constraints.r_gap", "scheduler.state.too_close", _chk("R-GAP"),
              "两次入企间隔与同部门重复检查间隔", "spacing of entries and of one agency's visits",
              (R + "test_r_gap_repeat_and_entries", P + "test_checker_catches",
               "tests/test_open_windows.py::test_both_visits_of_a_tier_d_firm_fit_before_the_certificates_expire")),
    RuleEntry("R-EXEMPT", "scheduler.constraints.r_gap", "scheduler.state.gap_needed", _chk("R-EXEMPT"),
              "线索与复查检查不计频次与间隔", "triggered and follow-up visits count against no cap or gap",
              (R + "test_r_gap_repeat_and_entries",)),
    RuleEntry("R-MERGE", "scheduler.constraints.joint_score", "scheduler.state.PartState.day_order", None,
              "优先联合检查，统计联合检查率", "prefer joint visits; the joint rate is in plan.json",
              (R + "test_r_joint_one_entry_a_day_agencies_merge",), reason="SOFT: measured (plan.json joint_rate), not checked"),
    RuleEntry("R-SPREAD", "scheduler.constraints.r_spread", FITS, _chk("R-SPREAD"),
              "全年均衡，每周预留机动力量", "spread over the year; a weekly reserve for triggers",
              (R + "test_r_spread_reserve_keeps_room_for_triggers",
               "tests/test_round45.py::test_the_weekly_reserve_yields_to_a_mandatory_visit_still_unmet_never_to_a_sampled_one",
               "tests/test_round45.py::test_a_drawn_firm_the_reserve_alone_keeps_out_takes_it_in_its_turn",
               "tests/test_round45.py::test_a_bureau_whose_reserve_leaves_no_planned_day_still_gets_its_required_visits_and_its_draws")),
    RuleEntry("R-RISK", None, "scheduler.plan.walk_sampled", None, "高风险优先（层级内按抽签）", "higher tiers first; the lottery inside a tier",
              (R + "test_r_sample_strict_draw_order",), reason="SOFT: tiers walked from D down to A; nothing to check"),
    RuleEntry("R-PRIORITY", "scheduler.constraints.stages", "scheduler.solve.priority", _chk("R-PRIORITY"),
              "线索与复查优先，其次必检，再按抽签顺序抽查", "triggers and follow-ups, then mandatory, then sampled in draw order",
              (R + "test_r_priority_triggers_before_mandatory", R + "test_r_priority_mandatory_not_dropped_for_a_partner",
               R + "test_r_priority_unmet_mandatory_holds_back_sampled", R + "test_r_priority_a_trigger_held_by_its_full_day_holds_back_that_day_only",
               "tests/test_city_pins.py::test_december_complaints_due_on_the_first_working_day_are_all_visited",
               "tests/test_checker.py::test_priority_trigger_unmet_whatever_the_words_while_a_planned_visit_in_its_window_could_give_way",
               "tests/test_checker.py::test_priority_trigger_unmet_where_every_officer_who_could_go_is_recused",
               "tests/test_checker.py::test_priority_trigger_unmet_while_its_agency_sat_on_a_joint_visit_in_its_window",
               "tests/test_city_pins.py::test_pin_days_sends_a_barred_teams_visit_to_the_city_team",
               "tests/test_guests.py::test_a_city_teams_free_seats_go_to_the_other_districts_complaint",
               "tests/test_guests.py::test_a_mandatory_visit_on_the_city_teams_day_gives_way_to_a_complaint_due_that_day",
               "tests/test_guests.py::test_a_mandatory_visit_on_another_day_gives_its_budget_to_a_complaint",
               "tests/test_guests.py::test_a_team_that_cannot_go_in_the_window_gives_nothing",
               "tests/test_give_way31.py::test_a_mandatory_visit_gives_way_to_another_districts_complaint",
               "tests/test_perishable.py::test_solve_part_keeps_the_greedy_that_places_more",
               "tests/test_round44.py::test_the_swap_offers_no_place_to_a_firm_whose_agency_is_held_back",
               "tests/test_round44.py::test_a_visit_its_firms_entries_and_gaps_leave_no_day_for_is_held_by_the_firm_and_holds_nothing_back",
               "tests/test_round44.py::test_the_checker_verifies_a_claim_that_no_day_is_left_beside_the_firms_visits",
               "tests/test_round44.py::test_a_held_back_agency_keeps_only_the_teams_its_unmet_visit_could_use",
               "tests/test_round44.py::test_a_firm_whose_own_visits_left_an_agency_no_day_is_placed_again_jointly",
               "tests/test_round44.py::test_a_bureau_whose_agencies_never_meet_fills_its_lottery_end_to_end",
               "tests/test_round45.py::test_partly_overlapping_agencies_are_regrouped_and_not_called_held_by_the_firm",
               "tests/test_round45.py::test_a_visit_is_judged_with_the_firms_visits_as_placed_not_total_against_total",
               "tests/test_round45.py::test_the_checker_judges_a_held_by_firm_claim_against_any_arrangement",
               "tests/test_round45.py::test_the_swap_offers_a_held_agencys_firm_a_seat_no_unmet_visit_could_use",
               "tests/test_review38.py::test_the_checker_verdict_on_r_priority_does_not_hang_on_the_word_workday",
               "tests/test_round37.py::test_the_scarce_worlds_firms_held_back_stay_out_and_the_plan_checks_clean")),
    # -- when --------------------------------------------------------------------------------------
    RuleEntry("R-WORKDAY", "scheduler.constraints.r_team_workday", FITS, _chk("R-WORKDAY"),
              "检查安排在工作日（含调休上班日）", "visits on working days of the calendar",
              (R + "test_r_team_workday_window_team_and_recusal", P + "test_checker_catches"), where="calendar: bundle/workcal.py"),
    RuleEntry("R-DEADLINE", None, None, None, "工作日期限按同一日历计算", "working-day deadlines on the same calendar",
              where="bundle/workcal.py (add_workdays); the scheduler uses it for trigger windows",
              reason="a calendar rule; the year-in-motion deadlines are not the scheduler's"),
    # -- approval and publication ------------------------------------------------------------------------
    RuleEntry("R-APPROVE", None, None, None, "草稿→提交→批准/驳回→公开", "draft → submitted → approved/rejected → published",
              where="api/services.py (submit, decide, publish)", reason="workflow of the service, not of the plan's content"),
    RuleEntry("R-URGENT", None, None, None, "紧急线索检查可先行，事后补批", "urgent triggered visits may start before approval",
              where="api/services.py", reason="workflow of the service"),
    RuleEntry("R-PUBLISH", None, None, None, "事前公开计划而非对象；年终公开种子", "the public sees the plan, not its targets; the seed after the year",
              where="api/routers/public.py", reason="publication, not planning"),
    RuleEntry("R-EXPLAIN", None, "scheduler.reasons.shortfalls", _chk("R-EXPLAIN"),
              "每个选中与未选中都有理由，每项未满足都写明资源", "every selection has a reason; every shortfall names the resource",
              (P + "test_tight_capacity_names_shortfalls", P + "test_cli_plan_check_why"),
              reason="explanations are written after placement (scheduler/reasons.py), not a model constraint"),
    RuleEntry("R-AUDIT", None, None, _chk("R-AUDIT"), "同一数据与种子得到同一计划", "same bundle and seed, same plan",
              (P + "test_same_bundle_same_plan_bytes",), where="api/services.py (audit log); determinism: scheduler/solve.py",
              reason="determinism by deterministic time limits and one worker; the audit log is the service's"),
    # -- the year in motion (not the annual planner's) ---------------------------------------------------
    *(RuleEntry(r, None, None, None, zh, en, where=None, reason="year in motion (after approval): not implemented in this "
                "repository; the annual planner makes the plan these act on")
      for r, zh, en in (("R-CODE", "检查码", "inspection code per visit"), ("R-NOTICE", "行政检查通知书", "inspection notice"),
                        ("R-RECORD", "现场检查笔录", "visit record"), ("R-FEEDBACK", "结果告知", "feedback to the enterprise"),
                        ("R-TRANSFER", "移送处罚", "transfer for penalty"), ("R-ARCHIVE", "立卷归档", "archiving"),
                        ("R-CASE-REVIEW", "案卷评查", "case file review lottery"), ("R-INSERT", "年中插入线索", "insert a trigger"),
                        ("R-REPLAN", "人员变动重排", "re-staff when an officer is away"), ("R-LEARN", "结果回流", "results back to history"))),
)}
