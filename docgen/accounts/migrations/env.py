"""Alembic's environment for docgen's database: run by :func:`docgen.accounts.db.upgrade`
on the connection it gives (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context

from docgen.accounts.models import Base
from docgen.chain import models as _chain  # noqa: F401 - its tables are on Base too
from docgen.register import models as _register  # noqa: F401 - its tables are on Base too
from docgen.serve import queued as _queued  # noqa: F401 - its table is on Base too

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
