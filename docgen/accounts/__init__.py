"""Accounts of a workspace that serves many offices: who may sign in, for which office
and as what (:mod:`.access`), their server-side sessions, and the audit trail, kept in
a real database (an embedded SQLite file beside the records folder by default,
PostgreSQL for a shared server), its schema made by Alembic migrations (:mod:`.db`)."""
