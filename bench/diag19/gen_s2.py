"""bench/prereg19.md rule 3: seed 2 at n = 2000 of every family of the generators whose registers share addresses.

    python bench/diag19/gen_s2.py   # then bench/diag13/rescore.py --keep /tmp/p19/keep_s2 ...
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from unseen_seeds import generate_all

generate_all(["foreign2", "foreign4", "foreign5", "foreign6", "foreign22"], 2, Path("/tmp/p19/keep_s2"))
