"""The shared build queue: docgen's table of builds, and on PostgreSQL the schema of
procrastinate, the task queue that hands them to ``docgen worker`` processes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "build_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("packet", sa.String(400), nullable=False),
        sa.Column("office", sa.String(200), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("ok", sa.Integer, nullable=False),
        sa.Column("lines", sa.Text, nullable=False),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_build_jobs_packet", "build_jobs", ["packet"])
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        op.execute(SchemaManager.get_schema())  # procrastinate's tables, as its version ships them


def downgrade() -> None:
    op.drop_table("build_jobs")
