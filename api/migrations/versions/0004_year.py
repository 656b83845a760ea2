"""the year in motion: year_state, visit_code, user_scope (issue 11)

Revision ID: 0004_year
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004_year'
down_revision = '0003_harden'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('year_state',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=True),
    sa.Column('lock', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('plan_id')
    )
    op.create_table('visit_code',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('visit_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_code_plan_id'), ['plan_id'], unique=False)
    op.create_table('user_scope',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('user_scope')
    with op.batch_alter_table('visit_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_code_plan_id'))
    op.drop_table('visit_code')
    op.drop_table('year_state')
