# Two commands for a new machine: `make run` and `make test`. Both start from `make setup`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# make test's pytest workers: CI has 2 cores; one file per worker at a time keeps each file's module fixtures built once
TEST_WORKERS ?= 2

.PHONY: setup run test bench bench-risk lint demo clean mutation

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	# the demo's own database, never whatever DATABASE_URL points to (demo users must not land in a real one)
	INSPECTION_DATA_DIR=demo-out/data DATABASE_URL=$${DEMO_DATABASE_URL:-sqlite:///demo-out/inspection.db} $(BIN)/inspection demo --serve --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy bundle risk scheduler checker execution api inspection scenarios  # settings in pyproject's [tool.mypy]
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/worlds.py
	$(BIN)/python bench/storm.py
	$(BIN)/python bench/year.py
	$(BIN)/python bench/scale.py  # the province on Dask (2 workers, 1 worker) and the local pool: several minutes

bench-risk: setup
	$(BIN)/python bench/risk_worlds.py
	$(BIN)/python bench/risk_ceiling.py
	$(BIN)/python bench/chicago.py

# ruff's linter only: the code keeps its own line breaks (tables of words, aligned literals), which `ruff format` would
# rewrite in 206 files; `make lint` failed on that alone (prod20)
lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache demo-out

# Mutation testing (outside `make test`): mutmut (config in pyproject's [tool.mutmut]) mutates checker/ and scheduler/
# and runs the fast rule tests against each mutant (tests/test_scheduler_rules.py, test_rule_mutants.py, test_registry.py,
# test_checker.py, test_checker_mutants.py), R-TIER's risk/tiers.py against tests/test_tiers_mutants.py and R-EXPLAIN's
# scheduler/reasons.py against tests/test_reasons_mutants.py (test_plan.py, which asserts the plan's sentences, is left
# out: a solve per mutant). MUTATE
# chooses the mutants (mutant-name globs); run it in chunks, e.g. `make mutation MUTATE='"checker.rules.x_check_r_priority*"'`
# or `make mutation MUTATE='"risk.tiers*"'` (R-TIER, ~160 mutants, a few minutes). Results accumulate in
# mutants/ across chunks; MUTATION_FRESH=1 starts again (the cached case too). The good tiny plan of the checker's break cases is built once
# into MUTATION_CASE and reused by every mutant's run. One child, niced: the machine is shared. Figures: docs/benchmarks.md
# "Mutation testing of the rule modules".
MUTATE ?= "scheduler.constraints*" "scheduler.registry*" "scheduler.plan.x_held_back*" "scheduler.plan.x_walk_sampled*" \
	"scheduler.plan.x_draw_officers*" "scheduler.plan.x_place_enterprise*" "scheduler.plan.x__agency_exhausted*" \
	"checker.rules*" "checker.lottery*" "checker.facts*" "checker.bound*" "risk.tiers*" \
	"scheduler.reasons*" "scheduler.guests*" "scheduler.resources.x_k_together*"
MUTATION_CASE ?= $(CURDIR)/mutants-case
mutation: setup
	$(if $(MUTATION_FRESH),rm -rf mutants $(MUTATION_CASE))
	CHECKER_CASE_DIR=$(MUTATION_CASE) $(BIN)/python -m pytest -q -x tests/test_checker.py
	CHECKER_CASE_DIR=$(MUTATION_CASE) nice -n 10 $(BIN)/mutmut run --max-children 1 $(MUTATE)
	$(BIN)/mutmut results

# Held-out risk worlds (issue 9): bureaus from an independent generator, our scorer through the CLI against a
# plain LogisticRegression and the oracle; writes bench/foreign/results.md. About 6 minutes on 2 shared cores.
.PHONY: bench-foreign
bench-foreign: setup
	$(BIN)/python bench/foreign/run.py

# Held-out risk worlds written without reading scenarios/ or risk/ (issue 9): 6 families × 2 sizes × 3 seeds,
# the product's CLI as a black box against a plain LR and the oracle; ~5 min on 2 shared cores. PRODUCT= scores another checkout.
.PHONY: bench-foreign2
PRODUCT ?= $(CURDIR)
bench-foreign2: setup
	$(BIN)/python bench/foreign2/run.py --product $(PRODUCT)

# The third to sixteenth generators (issue 9, sixth to fourteenth rounds), each written from the contract alone without
# reading the ones before: 6 families × 2 sizes × 2 seeds, the product's CLI as a black box through the one harness;
# 2–14 min each on 2 shared cores. PRODUCT= scores another checkout. `make bench-foreign5` runs bench/foreign5/.
# The scheduler on whole bundles another generator made (bench/foreign26, six families, n = 2000, seeds 1–2): plan,
# check, and coverage against the checker's bounds per bureau (bench/foreign_plans.py; ≈ 6 min on 2 shared cores)
.PHONY: bench-foreign-plans
bench-foreign-plans: setup
	rm -rf /tmp/bench-foreign-plans && mkdir -p /tmp/bench-foreign-plans/keep
	for f in gas_iot_rollout developer_distress complaint_magnets paper_labs shell_clusters enforcement_handover; do \
	  for s in 1 2; do $(BIN)/python bench/foreign26/generate.py $$f 2000 $$s /tmp/bench-foreign-plans/keep/$$f-n2000-s$$s || exit 1; done; done
	$(BIN)/python bench/foreign_plans.py /tmp/bench-foreign-plans/keep

FOREIGN_N := 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26
.PHONY: $(addprefix bench-foreign,$(FOREIGN_N))
$(addprefix bench-foreign,$(FOREIGN_N)): bench-foreign%: setup
	$(BIN)/python bench/foreign2/run.py --generator bench/foreign$* --product $(PRODUCT)
