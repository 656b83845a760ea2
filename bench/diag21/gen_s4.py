"""bench/prereg21.md rule 3: seed 4 at n = 2000 of every family of foreign20–23 (never generated before).

    python bench/diag21/gen_s4.py   # then bench/diag13/rescore.py --keep /tmp/s21/keep_s4 ...
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from unseen_seeds import generate_all

generate_all(["foreign20", "foreign21", "foreign22", "foreign23"], 4, Path("/tmp/s21/keep_s4"))
