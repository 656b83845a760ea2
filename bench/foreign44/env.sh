export PYTHONPATH=/tmp/foreign44/app INSPECTION_SHARED=/work/shared
PY=/work/main/.venv/bin/python
INS="nice -n 10 $PY -m inspection.cli"
