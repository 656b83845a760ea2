"""year_run: the one plan carried out per plan year, claimed by its first act (tenth round)

Revision ID: 0005_year_run
Revises: 0004_year

No backfill: a year already running before this revision has no row, and a second plan's first act is still refused
by the state check (api.services.refuse_beside_running) that runs before the claim.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_year_run'
down_revision = '0004_year'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('year_run',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('year')
    )


def downgrade() -> None:
    op.drop_table('year_run')
