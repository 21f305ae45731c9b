"""plan: items, contacts, versions, shares

Revision ID: 20261125_04
Revises: 20261125_03
Create Date: 2026-11-25 08:14:31.032139
"""

import sqlalchemy as sa
from alembic import op

import server.db


revision = '20261125_04'
down_revision = '20261125_03'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('phases_enabled', sa.Boolean(), nullable=False),
    sa.Column('optional_sections', sa.JSON(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_plan_member_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('member_id', name=op.f('uq_plan_member_id'))
    )
    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=32), nullable=False),
    sa.Column('phase', sa.String(length=8), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('deleted_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_item_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('supporter_name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('expires_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_share_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_share')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_plan_share_token_hash'))
    )
    with op.batch_alter_table('plan_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_share_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_version_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_version'))
    )
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_version_plan_id'), ['plan_id'], unique=False)

    op.create_table('support_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('relation', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('can_do', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('deleted_at', server.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_support_contact_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_contact'))
    )
    with op.batch_alter_table('support_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_contact_plan_id'), ['plan_id'], unique=False)

    op.create_table('share_view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('at', server.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['share_id'], ['plan_share.id'], name=op.f('fk_share_view_share_id_plan_share')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_view'))
    )
    with op.batch_alter_table('share_view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_view_share_id'), ['share_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('share_view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_view_share_id'))

    op.drop_table('share_view')
    with op.batch_alter_table('support_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_contact_plan_id'))

    op.drop_table('support_contact')
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_version_plan_id'))

    op.drop_table('plan_version')
    with op.batch_alter_table('plan_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_share_plan_id'))

    op.drop_table('plan_share')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_plan_id'))

    op.drop_table('plan_item')
    op.drop_table('plan')
