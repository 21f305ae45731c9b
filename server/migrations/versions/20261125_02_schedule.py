"""schedule: series, meetings, attendance, calendar feeds

Revision ID: 20261125_02
Revises: 20261125_01
Create Date: 2026-11-25 07:54:48.978014
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261125_02'
down_revision = '20261125_01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_calendar_feed_member_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('member_id', name=op.f('uq_calendar_feed_member_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash'))
    )
    op.create_table('meeting_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('rrule', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('online_link', sa.String(length=500), nullable=False),
    sa.Column('skipped_dates', sa.JSON(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_meeting_series_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_series'))
    )
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_series_group_id'), ['group_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('occurrence_on', sa.Date(), nullable=True),
    sa.Column('starts_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('online_link', sa.String(length=500), nullable=False),
    sa.Column('theme', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('change_number', sa.Integer(), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_meeting_group_id_group')),
    sa.ForeignKeyConstraint(['series_id'], ['meeting_series.id'], name=op.f('fk_meeting_series_id_meeting_series')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('series_id', 'occurrence_on', name=op.f('uq_meeting_series_id_occurrence_on'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_group_id_starts_at', ['group_id', 'starts_at'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('cancelled_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_attendance_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_attendance_member_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_attendance_meeting_id_member_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('meeting_seen',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('change_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_seen_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_meeting_seen_member_id_user')),
    sa.PrimaryKeyConstraint('meeting_id', 'member_id', name=op.f('pk_meeting_seen'))
    )


def downgrade() -> None:
    op.drop_table('meeting_seen')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_member_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_group_id_starts_at')

    op.drop_table('meeting')
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_series_group_id'))

    op.drop_table('meeting_series')
    op.drop_table('calendar_feed')
