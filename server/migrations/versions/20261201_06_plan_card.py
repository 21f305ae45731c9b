"""plan card: professional contacts with a role, and what is on the crisis card

Revision ID: 20261201_06
Revises: 20261201_03
Create Date: 2026-12-01 19:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = '20261201_06'
down_revision = '20261201_03'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every contact so far is a support person. The free-text lines of "Professional
    # help" stay what they are (plan_item rows), shown as notes under the new contacts.
    with op.batch_alter_table('support_contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='support'))
        batch_op.add_column(sa.Column('role', sa.String(length=32), nullable=False, server_default=''))
    # NULL: the member has not chosen yet, the card shows the default parts.
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_parts', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('card_parts')
    with op.batch_alter_table('support_contact', schema=None) as batch_op:
        batch_op.drop_column('role')
        batch_op.drop_column('kind')
