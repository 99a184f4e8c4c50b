"""docgen's database: where it is (an embedded SQLite file beside the records folder
unless ``--db URL`` names another, e.g. ``postgresql://user@host/docgen``), opened with
its schema brought up to date by the Alembic migrations, and the sessions to use it."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from docgen.accounts.where import DEFAULT_NAME, default_url, of_records
from docgen.errors import DocgenError

__all__ = ["DEFAULT_NAME", "Database", "default_url", "kept_with", "of_records", "open_db"]

MIGRATIONS = Path(__file__).with_name("migrations")
_lock = threading.Lock()
_opened: dict[str, Database] = {}


def _normalised(url: str) -> str:
    """*url* with the driver docgen ships for PostgreSQL (psycopg 3) when none is named."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DocgenError(f"ที่อยู่ฐานข้อมูล --db ไม่ถูกต้อง: {url!r} ให้ใช้รูป sqlite:///ไฟล์ หรือ"
                          " postgresql://ผู้ใช้@เครื่อง/ชื่อฐานข้อมูล") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DocgenError(f"docgen ใช้ได้เฉพาะฐานข้อมูล SQLite หรือ PostgreSQL ไม่ใช่ {parsed.get_backend_name()}")
    return parsed.render_as_string(hide_password=False)


class Database:
    """One database, migrated, with a session factory. Opened once per URL per process."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on an error."""
        with self.sessions() as s, s.begin():
            yield s

    @property
    def shown(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)


def _sqlite_pragmas(conn: object, _record: object) -> None:
    cur = conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")  # a writer waits for another rather than failing
    cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cur.close()


def kept_with(root: Path, url: str | None = None) -> Database:
    """The database the records folder *root* is kept with (*url*, else
    :func:`~docgen.accounts.where.of_records`); DocgenError where there is none."""
    url = url or of_records(root)
    if url is None:
        raise DocgenError(f"ไม่พบฐานข้อมูลของพื้นที่ทำงาน (ไฟล์ {DEFAULT_NAME} ข้างโฟลเดอร์ {root})"
                          " ให้ระบุด้วย --db หรือตัวแปร DOCGEN_DB")
    return open_db(url)


def open_db(url: str) -> Database:
    """The database at *url*, its schema brought up to date first (the SQLite file and
    its folder made on first use); the Thai reason when it cannot be reached."""
    url = _normalised(url)
    with _lock:
        db = _opened.get(url)
        if db is None:
            parsed = make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            db = Database(url)
            try:
                upgrade(db.engine)
            except OperationalError as exc:
                raise DocgenError(f"เปิดฐานข้อมูล {db.shown} ไม่ได้: {str(exc.orig).strip().splitlines()[0]}"
                                  " ให้ตรวจที่อยู่ ชื่อผู้ใช้ และว่าเครื่องฐานข้อมูลทำงานอยู่") from None
            _opened[url] = db
        return db


def close_all() -> None:
    """Close every database this process opened (their pooled connections)."""
    with _lock:
        for db in _opened.values():
            db.engine.dispose()
        _opened.clear()


def upgrade(engine: Engine) -> None:
    """Run every Alembic migration the database has not had yet, one process at a time
    (fifty commands started at once on a new database make its tables once): a file
    lock beside a SQLite file, an advisory lock on PostgreSQL."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migrating(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7308512)")  # held to the commit
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _migrating(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrating", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
