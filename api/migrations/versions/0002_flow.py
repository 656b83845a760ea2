"""issue 10: versions form a line per year, revisions' changes, publication and year close;
selection rows carry sector and district for browsing.

Revision ID: 0002_flow
Revises: 0001
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002_flow'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_plan_year'), ['year'], unique=False)
        # versions form a line: a plan has at most one next version, even when two revisions race
        batch_op.create_index('uq_plan_supersedes', ['supersedes'], unique=True)
    # plans made before this revision belong to their bundle's year
    op.execute("UPDATE plan SET year = (SELECT bundle.year FROM bundle WHERE bundle.id = plan.bundle_id) WHERE year IS NULL")
    with op.batch_alter_table('selection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sector', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('district_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('selection', schema=None) as batch_op:
        batch_op.drop_column('district_code')
        batch_op.drop_column('sector')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index('uq_plan_supersedes')
        batch_op.drop_index(batch_op.f('ix_plan_year'))
        batch_op.drop_column('closed_at')
        batch_op.drop_column('published_at')
        batch_op.drop_column('changes')
        batch_op.drop_column('year')
