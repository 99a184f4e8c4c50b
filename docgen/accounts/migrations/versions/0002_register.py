"""The outgoing register: each office's books by calendar year, and their entries.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_series",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("office", sa.String(200), nullable=False),
        sa.Column("book", sa.String(100), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("next_number", sa.Integer, nullable=False),
        sa.UniqueConstraint("office", "book", "year"),
    )
    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("series_id", sa.Integer, sa.ForeignKey("register_series.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("doc_date", sa.String(20), nullable=False),
        sa.Column("sender", sa.Text, nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("packet", sa.String(400), nullable=False),
        sa.Column("field", sa.String(200), nullable=False),
        sa.Column("issued_by", sa.String(100), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("cancel_reason", sa.Text, nullable=False),
        sa.Column("cancelled_by", sa.String(100), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("series_id", "number"),
    )
    op.create_index("ix_register_entries_series_id", "register_entries", ["series_id"])


def downgrade() -> None:
    op.drop_table("register_entries")
    op.drop_table("register_series")
