"""hardening: plan integrity (files' sha256 at generation and approval), the job's process,
an index to purge expired tokens

Revision ID: 0003_harden
Revises: 0001
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003_harden'
down_revision = '0002_flow'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('files_sha256', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('approved_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('job_pid', sa.Integer(), nullable=True))
    with op.batch_alter_table('token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_token_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_token_expires_at'))
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('job_pid')
        batch_op.drop_column('approved_sha256')
        batch_op.drop_column('sha256')
        batch_op.drop_column('files_sha256')
