"""journey: phases, goals, notes, evaluation

Revision ID: 20261125_06
Revises: 20261125_05
Create Date: 2026-11-25 09:08:06.961582
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261125_06'
down_revision = '20261125_05'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_goal_group_id_group')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_goal_member_id_user')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_goal_proposed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_member_id'), ['member_id'], unique=False)

    op.create_table('group_phase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_group_phase_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_phase'))
    )
    with op.batch_alter_table('group_phase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_phase_group_id'), ['group_id'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('brought', sa.Text(), nullable=False),
    sa.Column('sticks', sa.Text(), nullable=False),
    sa.Column('grow', sa.Text(), nullable=False),
    sa.Column('take_away', sa.Text(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_evaluation_member_id_user')),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_evaluation_membership_id_membership')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('membership_id', name=op.f('uq_evaluation_membership_id'))
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_member_id'), ['member_id'], unique=False)

    op.create_table('goal_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_goal_note_goal_id_goal')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_goal_note_member_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_note'))
    )
    with op.batch_alter_table('goal_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_note_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_note_member_id'), ['member_id'], unique=False)

    op.create_table('member_phase',
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_member_phase_membership_id_membership')),
    sa.ForeignKeyConstraint(['phase_id'], ['group_phase.id'], name=op.f('fk_member_phase_phase_id_group_phase')),
    sa.PrimaryKeyConstraint('membership_id', name=op.f('pk_member_phase'))
    )


def downgrade() -> None:
    op.drop_table('member_phase')
    with op.batch_alter_table('goal_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_note_member_id'))
        batch_op.drop_index(batch_op.f('ix_goal_note_goal_id'))

    op.drop_table('goal_note')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_member_id'))

    op.drop_table('evaluation')
    with op.batch_alter_table('group_phase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_phase_group_id'))

    op.drop_table('group_phase')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_member_id'))
        batch_op.drop_index(batch_op.f('ix_goal_group_id'))

    op.drop_table('goal')
