"""user.disabled_at: an account an admin disabled (a departed employee), kept for the audit trail's names (ops30)

Revision ID: 0006_user_disabled
Revises: 0005_year_run

No backfill: every account stays enabled.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006_user_disabled'
down_revision = '0005_year_run'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')
