"""The workspace as served (waitress, on the loopback, with accounts), tried as an
attacker would: a 500 MB body is refused before it is read, and 200 wrong passwords
in a row leave another clerk's pages answering at their usual speed."""

from __future__ import annotations

import socket
import statistics
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from accounts_setup import PASSWORD, A, token_of, two_offices, with_users

SERVE = """
import sys
from pathlib import Path
from docgen.accounts.db import open_db
from docgen.serve.app import create_app, server_for
root, out, url = sys.argv[1:4]
server = server_for(create_app(Path(root), Path(out), host="127.0.0.1", db=open_db(url), accounts=True), "127.0.0.1", 0)
print(server.effective_port, flush=True)
server.run()
"""


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The workspace with accounts, served by waitress in a process of its own (as
    ``docgen serve`` runs it), ended at the test's end: no server thread of the test's
    own process is stopped while it waits on its sockets."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'docgen.sqlite3'}"
    recs = two_offices(tmp_path / "records")
    with_users(url)
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(recs.root), str(tmp_path / "output"), url],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())  # type: ignore[union-attr]
        yield f"http://127.0.0.1:{port}", port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()  # type: ignore[union-attr]
        from docgen.accounts.db import close_all

        close_all()


def test_a_500_mb_body_is_refused_before_it_is_read(served) -> None:  # type: ignore[no-untyped-def]
    _base, port = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 524288000\r\n\r\n" + b"x" * 65536)
        started = time.monotonic()
        answer = sock.recv(4096).decode("latin-1")
        assert answer.startswith("HTTP/1.1 413"), answer[:200]
        assert time.monotonic() - started < 2


class Browser:
    """A signed-in clerk, with cookies, over real HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def sign_in(self, name: str, password: str) -> int:
        _status, page = self.get("/login")
        return self.post("/login", {"name": name, "password": password, "csrf_token": token_of(page)})


def _page_times(clerk: Browser, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.monotonic()
        status, _page = clerk.get(f"/p/{A}/2566/")
        assert status == 200
        times.append(time.monotonic() - started)
    return times


def test_two_hundred_wrong_passwords_leave_other_clerks_at_their_speed(served) -> None:  # type: ignore[no-untyped-def]
    base, _port = served
    clerk = Browser(base)
    assert clerk.sign_in("clerk-a", PASSWORD) == 200  # followed to the home page
    usual = statistics.median(_page_times(clerk, 10))
    attacker = Browser(base)
    answers: list[int] = []

    def guess() -> None:
        for i in range(200):
            answers.append(attacker.sign_in("clerk-b", f"wrong guess {i}"))

    thread = threading.Thread(target=guess)
    thread.start()
    during = []
    while thread.is_alive():
        during += _page_times(clerk, 1)
    thread.join()
    assert len(answers) == 200
    assert answers.count(429) >= 150  # the limiter answered most at once
    assert len(during) >= 5
    assert statistics.median(during) < max(3 * usual, usual + 0.3), (usual, statistics.median(during))
    # the guessed account's owner is held back too, for the window only, but with the
    # same answer as the attacker: no sign of whether a guess was right
    assert attacker.sign_in("clerk-b", PASSWORD) == 429
