"""plan together: sharing with the group's therapists, their suggestions, the review date

Revision ID: 20261201_05
Revises: 20261201_07
Create Date: 2026-12-01 19:00:00

Two new tables; no existing row changes (every plan stays unshared until its member
shares it).
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261201_05'
down_revision = "20261201_07"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_review',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('shared_since', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('discussed_on', sa.Date(), nullable=True),
    sa.Column('discussed_with_id', sa.Integer(), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['discussed_with_id'], ['user.id'], name=op.f('fk_plan_review_discussed_with_id_user')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_review_plan_id_plan')),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_plan_review'))
    )
    with op.batch_alter_table('plan_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_review_review_on'), ['review_on'], unique=False)

    op.create_table('plan_suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decided_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_plan_suggestion_author_id_user')),
    sa.ForeignKeyConstraint(['item_id'], ['plan_item.id'], name=op.f('fk_plan_suggestion_item_id_plan_item')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_suggestion_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_suggestion'))
    )
    with op.batch_alter_table('plan_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_suggestion_plan_id'), ['plan_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_suggestion_plan_id'))

    op.drop_table('plan_suggestion')
    with op.batch_alter_table('plan_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_review_review_on'))

    op.drop_table('plan_review')
