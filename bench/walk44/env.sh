# source me: the walk44 installation (PostgreSQL on 5544, data dir under /tmp)
export PYTHONPATH=/tmp/walk44
export INSPECTION_SHARED=/work/shared
export DATABASE_URL='postgresql+psycopg://inspection:Insp%40ct%3A2026%25x@127.0.0.1:5544/inspection'
export INSPECTION_DATA_DIR=/tmp/walk44data
export INSPECTION_TIMEZONE=Asia/Shanghai
export INSPECTION_PLAN_TIME_LIMIT=5
INS() { (cd /tmp/walk44 && nice -n 10 /work/main/.venv/bin/python -m inspection.cli "$@"); }
