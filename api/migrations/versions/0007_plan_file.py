"""plan_file: each plan folder's files kept in the database too (gzip), so that the database alone restores every
plan's folder (round 30)

Revision ID: 0007_plan_file
Revises: 0006_user_disabled

No backfill here: a migration does not know the data directory. A server's start stores the files of each plan
generated before (api.services.keep_plan_files), read from its folder and verified against Plan.files_sha256.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007_plan_file'
down_revision = '0006_user_disabled'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_gz', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'name', name='uq_plan_file_name')
    )
    with op.batch_alter_table('plan_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_file_plan_id'), ['plan_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_file_plan_id'))
    op.drop_table('plan_file')
