export INSPECTION_SHARED=/work/shared PYTHONPATH=/tmp/walk43
export INSPECTION_DATA_DIR=/tmp/walk43/w/data DATABASE_URL=sqlite:////tmp/walk43/w/inspection.db
