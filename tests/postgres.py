"""A throw-away PostgreSQL server for the tests, from Debian's `postgresql` package.

The accounts code runs on PostgreSQL, so its tests need a real server, not an imitation.
A fresh machine has none running and the tests must not depend on one the machine may
have (the package's own cluster on port 5432), so the tests start their own: a new data
directory in a temporary folder, listening only on 127.0.0.1 on a free port, its unix
socket inside that folder, a superuser `docgen` that needs no password on the loopback.

PostgreSQL refuses to run as root, and `./make.sh test` runs the tests as root, so as root
the server's programs run as the `postgres` system user (made by the Debian package) and
the folder belongs to that user; anyone else runs them as themselves.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "docgen"
SYSTEM_USER = "postgres"  # the Debian package's user, who runs the server when we are root
START_SECONDS = 60  # a loaded CI machine with two cores starts it in about a second
NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# settings for a server whose data is thrown away: nothing need survive a crash, so
# nothing is flushed to disk, and no parallel workers ask for shared memory that a
# container's small /dev/shm may not have
THROWAWAY = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_parallel_workers_per_gather": "0",
    "max_connections": "50",
    "shared_buffers": "16MB",
    "log_min_messages": "warning",
}


class PostgresMissing(RuntimeError):
    """The server's programs are not on this machine."""


def find_bin() -> Path:
    """The newest installed PostgreSQL's program folder, /usr/lib/postgresql/<n>/bin:
    Debian installs each major version side by side there, off the PATH."""
    versions = [d for d in PG_ROOT.glob("*/bin") if (d / "initdb").is_file() and d.parent.name.isdigit()]
    if not versions:
        raise PostgresMissing(
            f"no PostgreSQL server under {PG_ROOT}/<version>/bin (initdb, pg_ctl, postgres): "
            "the tests need one; run ./make.sh test, which installs Debian's postgresql package"
        )
    return max(versions, key=lambda d: int(d.parent.name))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at this moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One PostgreSQL server in its own temporary folder: start() it, ask it for fresh
    databases with create_database(), stop() it (which also removes the folder)."""

    def __init__(self) -> None:
        self.bin = find_bin()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                self.owner = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise PostgresMissing(
                    f"no {SYSTEM_USER!r} system user to run PostgreSQL as (it refuses to run as root): "
                    "run ./make.sh test, which installs Debian's postgresql package"
                ) from None
        self.folder: Path | None = None
        self.port = 0
        self.databases = 0

    @property
    def data(self) -> Path:
        assert self.folder is not None, "the server is not started"
        return self.folder / "data"

    @property
    def sockets(self) -> Path:
        assert self.folder is not None, "the server is not started"
        return self.folder / "sockets"

    @property
    def log(self) -> Path:
        assert self.folder is not None, "the server is not started"
        return self.folder / "server.log"

    def _run(self, program: str, *args: str, timeout: float = START_SECONDS) -> None:
        """Run one of the server's programs (as the postgres user when we are root),
        raising with what it said if it fails."""
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", SYSTEM_USER, "--", *command]
        # the PG* variables of whoever runs the tests must not point the programs elsewhere
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        done = subprocess.run(command, cwd=self.folder, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(
                f"{program} failed (exit code {done.returncode}): {' '.join(command)}\n{done.stdout}{done.stderr}"
                + self._log_tail()
            )

    def _log_tail(self) -> str:
        if self.folder is None or not self.log.is_file():
            return ""
        return "\nthe server's log ends:\n" + "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])

    def start(self) -> PostgresServer:
        """Make the data directory and start the server; return once it accepts
        connections, or raise within START_SECONDS saying why not."""
        self.folder = Path(tempfile.mkdtemp(prefix="docgen-postgres-"))
        try:
            self.sockets.mkdir()
            if self.as_root:
                for path in (self.folder, self.sockets):
                    os.chown(path, self.owner.pw_uid, self.owner.pw_gid)
            # UTF-8 for the Thai text; the C locale exists on every machine
            self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale")
            self._configure()
            self._start_on_a_free_port()
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _configure(self) -> None:
        """Listen on 127.0.0.1 only, the socket in our folder; the throw-away settings."""
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.sockets}'",
            **THROWAWAY,
        }
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# the tests' own settings (tests/postgres.py)\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _start_on_a_free_port(self) -> None:
        """pg_ctl start on a free port; another program may take the port between our
        look and the server's bind, so a few tries."""
        for attempt in range(3):
            self.port = free_port()
            self.log.unlink(missing_ok=True)  # so that only this try's words are read below
            try:
                self._run(
                    "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(START_SECONDS),
                    "-o", f"-p {self.port}", timeout=START_SECONDS + 10,
                )  # fmt: skip
                return
            except RuntimeError:
                said = self.log.read_text(errors="replace") if self.log.is_file() else ""
                if attempt == 2 or "Address already in use" not in said:
                    raise

    def _wait_until_ready(self) -> None:
        """pg_ctl -w has waited for the server to say it is ready; connecting over TCP,
        as the tests will, proves it (within START_SECONDS)."""
        import psycopg

        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=5):
                    return
            except psycopg.OperationalError as e:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"PostgreSQL on 127.0.0.1:{self.port} did not accept connections within "
                        f"{START_SECONDS} s: {e}" + self._log_tail()
                    ) from e
                time.sleep(0.1)

    def dsn(self, database: str) -> str:
        """The libpq address of *database* on this server, over TCP on the loopback."""
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def create_database(self, name: str) -> str:
        """Create an empty database *name* (lower-case letters, digits, _) and return
        its SQLAlchemy URL."""
        import psycopg
        from psycopg import sql

        if not NAME.fullmatch(name):
            raise ValueError(f"database name {name!r}: lower-case letters, digits and _ only, at most 63")
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.databases += 1
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server (fast: open connections are cut) and remove its folder.
        Safe to call twice, or after a start that failed half-way."""
        if self.folder is None:
            return
        try:
            if (self.data / "postmaster.pid").is_file():
                try:
                    self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", timeout=40)
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", timeout=40)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
