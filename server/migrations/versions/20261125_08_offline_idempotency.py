"""offline: idempotency keys

Revision ID: 20261125_08
Revises: 20261125_07
Create Date: 2026-11-25 10:18:31.831763
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261125_08'
down_revision = '20261125_07'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idempotency_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=500), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_idempotency_key_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_key')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_idempotency_key_user_id_key'))
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_created_at'), ['created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_created_at'))

    op.drop_table('idempotency_key')
