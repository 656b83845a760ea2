"""Compare bench/worlds.py logs row by row, ignoring wall and check seconds.
    python bench/diag27/compare_worlds.py AFTER.log BEFORE.log [MORE_BEFORE.log ...]"""
import re
import sys

ROW = re.compile(r"^(\S+/\S+)\s+(.*?)\s+(yes|NO)\s+([\d.]+)\s+([\d.]+)\s+(.*)$")


def rows(path: str) -> dict[str, tuple[str, str, str, float]]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line.rstrip("\n"))
            if m and "|" in line:
                out[m.group(1)] = (" ".join(m.group(2).split()), m.group(3), m.group(6), float(m.group(4)))
    return out


after = rows(sys.argv[1])
before: dict[str, tuple[str, str, str, float]] = {}
for p in sys.argv[2:]:
    before.update(rows(p))
for case, (cells, order, tail, wall) in after.items():
    b = before.get(case)
    if b is None:
        print(f"{case}: no earlier row")
        continue
    same = (cells, order, tail) == b[:3]
    print(f"{case:26} {'identical' if same else 'DIFFERS'}   wall {b[3]:.1f} -> {wall:.1f}")
    if not same:
        print("   before:", b[0], b[1], b[2])
        print("   after: ", cells, order, tail)
