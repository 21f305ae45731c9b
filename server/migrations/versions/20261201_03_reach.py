"""reach: overmacht on a late cancellation, the calendar without address, e-mail notices

Revision ID: 20261201_03
Revises: 20261201_04
Create Date: 2026-12-01 16:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = '20261201_03'
down_revision = '20261201_04'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default: the rows already there get a value; none of them was overmacht.
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('force_majeure', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Existing links keep showing what they showed.
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.add_column(sa.Column('with_place', sa.Boolean(), nullable=False, server_default=sa.true()))
    # Every notice so far went by push; one ledger now holds both channels.
    with op.batch_alter_table('notification_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=8), nullable=False, server_default='push'))
        batch_op.drop_constraint('uq_notification_log_user_id_kind_subject', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_notification_log_user_id_kind_subject_channel'), ['user_id', 'kind', 'subject', 'channel'])
    # The defaults of a member who never chose: a change by e-mail while she has no device.
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        for kind in ('meeting_reminder', 'meeting_soon', 'new_homework', 'reflection_reminder'):
            batch_op.add_column(sa.Column(f'{kind}_email', sa.String(length=12), nullable=False, server_default='never'))
        batch_op.add_column(sa.Column('meeting_changed_email', sa.String(length=12), nullable=False, server_default='no_device'))


def downgrade() -> None:
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        for kind in ('meeting_reminder', 'meeting_soon', 'meeting_changed', 'new_homework', 'reflection_reminder'):
            batch_op.drop_column(f'{kind}_email')
    with op.batch_alter_table('notification_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_notification_log_user_id_kind_subject_channel', type_='unique')
        batch_op.create_unique_constraint('uq_notification_log_user_id_kind_subject', ['user_id', 'kind', 'subject'])
        batch_op.drop_column('channel')
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_column('with_place')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_column('force_majeure')
