"""A packet checked against the database its records are kept with, where there is
one (``$DOCGEN_DB``, or the file beside the records folder): its documents' numbers
against the register, its memos against what their approval chain holds. Every
command that loads a packet asks, and so does a workspace's build worker."""

from __future__ import annotations

from docgen.records.source import Records


def against_database(recs: Records) -> None:
    """Raise :class:`~docgen.errors.RecordsError` with what the database finds wrong."""
    from docgen.accounts.where import of_records
    from docgen.records.place import records_folder

    url = of_records(records_folder(recs))
    if url is None:
        return
    from docgen.accounts.db import open_db
    from docgen.chain.lock import problems as held
    from docgen.errors import RecordsError
    from docgen.register.checks import problems

    db = open_db(url)
    found = problems(db, recs) + held(db, recs)
    if found:
        raise RecordsError(found)
