"""bench/prereg15.md, reported only: the band's past figures (risk_model.band) where the verdict flipped."""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from risk_worlds import bureau_of_size

from bundle import load_bundle
from risk import score_bundle

for family, n, seed in (("sparse", 2000, 12), ("sparse", 2000, 14), ("drift", 6000, 11), ("annual-grades", 2000, 12)):
    with tempfile.TemporaryDirectory() as tmp:
        b = load_bundle(bureau_of_size(n, seed, family).write(Path(tmp)))
        print(f"{family} n{n} s{seed}", score_bundle(b, random_state=0).card["band"], flush=True)
for name in ("lab_fraud-n2000-s2", "lab_fraud-n6000-s1", "muck_trucks-n2000-s1", "pipe_renewal-n2000-s2",
             "pipe_renewal-n6000-s1", "pipe_renewal-n6000-s2"):
    print(name, score_bundle(load_bundle(Path("/tmp/foreign18/keep") / name / "bundle"), random_state=0).card["band"], flush=True)
