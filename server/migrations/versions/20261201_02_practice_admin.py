"""practice admin: the admin right, staff invitations, group rules, waiting lists

Revision ID: 20261201_02
Revises: 20261201_01
Create Date: 2026-12-01 15:40:00

Existing rows keep what they meant (the server defaults fill them): every group keeps
its cut-off in hours, its homework setting and its phases and goals; nobody becomes an
admin.
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261201_02'
down_revision = '20261201_01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch: SQLite would copy and drop "group" and "user",
    # which the foreign keys of every other table refuse.
    for table, column in (
        ('practice', sa.Column('out_of_hours_phone', sa.String(length=40), nullable=False, server_default='')),
        ('practice', sa.Column('crisis_phone', sa.String(length=40), nullable=False, server_default='')),
        ('group', sa.Column('break_minutes', sa.Integer(), nullable=True)),
        ('group', sa.Column('journey_enabled', sa.Boolean(), nullable=False, server_default=sa.true())),
        ('group', sa.Column('min_sessions', sa.Integer(), nullable=True)),
        ('group', sa.Column('cancellation_rule', sa.String(length=16), nullable=False, server_default='hours_before')),
        ('group', sa.Column('cancellation_cutoff_time', sa.Time(), nullable=True)),
        ('group', sa.Column('archived_at', server.db.UTCDateTime(timezone=True), nullable=True)),
        ('user', sa.Column('practice_admin', sa.Boolean(), nullable=False, server_default=sa.false())),
    ):
        op.add_column(table, column)

    op.create_table('staff_invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('practice_admin', sa.Boolean(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_staff_invite_invited_by_id_user')),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_staff_invite_practice_id_practice')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_invite')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_invite_token_hash'))
    )
    with op.batch_alter_table('staff_invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invite_practice_id'), ['practice_id'], unique=False)

    op.create_table('waiting_list_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('available_on', sa.Date(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('invited_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_waiting_list_entry_added_by_id_user')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_waiting_list_entry_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waiting_list_entry'))
    )
    with op.batch_alter_table('waiting_list_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waiting_list_entry_group_id'), ['group_id'], unique=False)


def downgrade() -> None:
    op.drop_table('waiting_list_entry')
    op.drop_table('staff_invite')
    for table, column in (
        ('user', 'practice_admin'),
        ('group', 'archived_at'),
        ('group', 'cancellation_cutoff_time'),
        ('group', 'cancellation_rule'),
        ('group', 'min_sessions'),
        ('group', 'journey_enabled'),
        ('group', 'break_minutes'),
        ('practice', 'crisis_phone'),
        ('practice', 'out_of_hours_phone'),
    ):
        op.drop_column(table, column)
