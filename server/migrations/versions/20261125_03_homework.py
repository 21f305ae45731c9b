"""homework: assignments and reflections

Revision ID: 20261125_03
Revises: 20261125_02
Create Date: 2026-11-25 08:08:04.683374
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261125_03'
down_revision = '20261125_02'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('due_meeting_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['due_meeting_id'], ['meeting.id'], name=op.f('fk_assignment_due_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_assignment_group_id_group')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_assignment_member_id_user')),
    sa.ForeignKeyConstraint(['set_by_id'], ['user.id'], name=op.f('fk_assignment_set_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_group_id', ['group_id'], unique=False)
        batch_op.create_index('ix_assignment_member_id_created_at', ['member_id', 'created_at'], unique=False)

    op.create_table('reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('tried', sa.Text(), nullable=False),
    sa.Column('happened', sa.Text(), nullable=False),
    sa.Column('felt', sa.Text(), nullable=False),
    sa.Column('others', sa.Text(), nullable=False),
    sa.Column('takeaway', sa.Text(), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('shared_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_reflection_assignment_id_assignment')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_reflection_member_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection'))
    )
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_member_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_assignment_id'))

    op.drop_table('reflection')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_member_id_created_at')
        batch_op.drop_index('ix_assignment_group_id')

    op.drop_table('assignment')
