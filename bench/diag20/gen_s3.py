"""bench/prereg20.md rule 3: seed 3 at n = 2000 of every family of foreign20–23 (never generated before).

    python bench/diag20/gen_s3.py   # then bench/diag13/rescore.py --keep /tmp/s20/keep_s3 ...
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from unseen_seeds import generate_all

generate_all(["foreign20", "foreign21", "foreign22", "foreign23"], 3, Path("/tmp/s20/keep_s3"))
