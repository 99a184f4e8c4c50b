"""The approval chain: each memo's rounds and their steps; a user's e-mail address.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("office", sa.String(200), nullable=False),
        sa.Column("packet", sa.String(400), nullable=False),
        sa.Column("document", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("sent_by", sa.String(100), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("approved", sa.String(64), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.UniqueConstraint("office", "packet", "document", "number"),
    )
    op.create_index("ix_chain_rounds_office", "chain_rounds", ["office"])
    op.create_table(
        "chain_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("chain_rounds.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("account", sa.String(100), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("note_date", sa.String(20), nullable=False),
        sa.UniqueConstraint("round_id", "position"),
    )
    op.create_index("ix_chain_steps_round_id", "chain_steps", ["round_id"])
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("email", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.drop_column("email")
    op.drop_table("chain_steps")
    op.drop_table("chain_rounds")
