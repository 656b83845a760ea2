import time, dataclasses, numpy as np, sys, datetime as dt
sys.path.insert(0, "tests")  # run from the repo root: python bench/review45/perf_checker_vs_firm.py SEED
from tiny_part import RULES, entry, workdays
from scheduler.firm import most_arranged
from ortools.sat.python import cp_model
from checker.rules import _one_per_span
n = 250
wd = workdays(n, dt.date(2027,1,4)); o = np.array([d.toordinal() for d in wd])
rng = np.random.default_rng(int(sys.argv[1]))
for trial in range(40):
    ags = ["hb","um","gas","re"]
    pres = {a: list(range(s, min(n, s + int(rng.integers(60, 250))))) for a in ags for s in [int(rng.integers(0, 150))]}
    es = [dataclasses.replace(entry(f"{a}{k}", (0, n-1), a, enterprise="F", index=k), row="F|mandatory") for a in ags for k in (0,1)]
    t = time.perf_counter(); got = most_arranged(es, {e.key: pres[e.agencies[0]] for e in es}, o, RULES, 3); t1 = time.perf_counter() - t
    # checker's model
    t = time.perf_counter()
    m = cp_model.CpModel()
    crew = {a: [wd[i] for i in pres[a]] for a in ags}
    entry_ = {d: m.new_bool_var(str(d)) for d in sorted({d for ds in crew.values() for d in ds})}
    goes = {a: {d: m.new_bool_var(f"{a}{d}") for d in ds} for a, ds in crew.items()}
    for a, by in goes.items():
        for d, x in by.items(): m.add_implication(x, entry_[d])
        m.add(sum(by.values()) <= 2); _one_per_span(m, by, 90)
    m.add(sum(entry_.values()) <= 3); _one_per_span(m, entry_, 30)
    m.maximize(sum(x for by in goes.values() for x in by.values()))
    s = cp_model.CpSolver(); s.parameters.num_workers = 1; s.parameters.max_deterministic_time = 5.0
    r = s.solve(m); t2 = time.perf_counter() - t
    print("LOW" if int(s.objective_value) < len(got) else "", len(got), round(t1,3), "| checker", int(s.objective_value), s.status_name(r), round(t2,3), "solve wall", round(s.wall_time,2), "det", round(s.deterministic_time,2), "bound", s.best_objective_bound)
