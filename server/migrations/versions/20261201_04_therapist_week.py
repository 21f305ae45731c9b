"""therapist week: announcements to a group and who dismissed them

Revision ID: 20261201_04
Revises: 20261201_02
Create Date: 2026-12-01 16:16:43

Two new tables; no existing row changes.
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261201_04'
down_revision = '20261201_02'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('announcement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_announcement_author_id_user')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_announcement_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement'))
    )
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.create_index('ix_announcement_group_id_created_at', ['group_id', 'created_at'], unique=False)

    op.create_table('announcement_dismissal',
    sa.Column('announcement_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('dismissed_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['announcement_id'], ['announcement.id'], name=op.f('fk_announcement_dismissal_announcement_id_announcement')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_announcement_dismissal_member_id_user')),
    sa.PrimaryKeyConstraint('announcement_id', 'member_id', name=op.f('pk_announcement_dismissal'))
    )
    with op.batch_alter_table('announcement_dismissal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_dismissal_member_id'), ['member_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('announcement_dismissal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_dismissal_member_id'))

    op.drop_table('announcement_dismissal')
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_index('ix_announcement_group_id_created_at')

    op.drop_table('announcement')
