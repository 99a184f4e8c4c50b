"""The deployment as an IT person installs it: Debian's nginx with the site in
``deploy/nginx/docgen.conf`` (a self-signed certificate here) in front of ``docgen serve
--behind-proxy`` on the loopback, and the access rules walked through HTTPS: nothing
but the sign-in page before signing in, a session cookie sent only over HTTPS, another
office's pages answering 404, an approver refused a clerk's save, plain HTTP sent to
HTTPS, a body over nginx's limit refused there. The systemd unit passes
``systemd-analyze verify``."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accounts_setup import PASSWORD, A, B, token_of, two_offices, with_users

from conftest import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    crt, pem = folder / "fullchain.pem", folder / "privkey.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    pem.chmod(0o600)
    return crt, pem


def _site(folder: Path, crt: Path, pem: Path, *, upstream: int, https: int, plain: int) -> Path:
    """deploy/nginx/docgen.conf as an IT person adapts it (the certificate's paths, the
    ports), inside a main configuration of the test's own (pid, logs, temp paths)."""
    site = (ROOT / "deploy" / "nginx" / "docgen.conf").read_text(encoding="utf-8")
    site = (site.replace("/etc/ssl/docgen/fullchain.pem", str(crt)).replace("/etc/ssl/docgen/privkey.pem", str(pem))
            .replace("127.0.0.1:8000", f"127.0.0.1:{upstream}").replace("docgen.example.go.th", "localhost")
            .replace("listen 443 ssl", f"listen 127.0.0.1:{https} ssl").replace("listen 80;", f"listen 127.0.0.1:{plain};"))
    site = re.sub(r"\n\s*listen \[::\]:\d+[^\n]*", "", site)  # the loopback only
    (folder / "docgen.conf").write_text(site, encoding="utf-8")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir()
    main = folder / "nginx.conf"
    main.write_text(f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    include {folder}/docgen.conf;
}}
""", encoding="utf-8")
    return main


def _wait_for(port: int, proc: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            assert proc.stderr is not None
            raise AssertionError(f"ended with {proc.returncode}: {proc.stderr.read()!r}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Any]:
    assert Path(NGINX).exists(), "Debian's nginx is missing: ./make.sh setup installs it"
    url = f"sqlite:///{tmp_path / 'docgen.sqlite3'}"
    recs = two_offices(tmp_path / "records")
    with_users(url)
    upstream, https, plain = _free_port(), _free_port(), _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--records", str(recs.root), "--out",
                              str(tmp_path / "output"), "--host", "127.0.0.1", "--port", str(upstream), "--db", url,
                              "--behind-proxy"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    conf = tmp_path / "nginx"
    conf.mkdir()
    crt, pem = _certificate(conf)
    check = subprocess.run([NGINX, "-t", "-c", str(_site(conf, crt, pem, upstream=upstream, https=https,
                                                          plain=plain))], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    nginx = subprocess.Popen([NGINX, "-c", str(conf / "nginx.conf")], stderr=subprocess.PIPE)
    try:
        _wait_for(upstream, serve)
        _wait_for(https, nginx)
        context = ssl.create_default_context(cafile=str(crt))
        yield type("Proxied", (), {"https": https, "plain": plain, "context": context, "recs": recs})
    finally:
        for proc in (nginx, serve):
            proc.terminate()
            proc.wait(timeout=20)
            assert proc.stderr is not None
            proc.stderr.close()
        from docgen.accounts.db import close_all

        close_all()


class Client:
    """A browser over HTTPS: its cookies (kept only as a browser keeps a Secure one:
    sent back over HTTPS), one connection per request."""

    def __init__(self, proxied: Any):
        self.p = proxied
        self.cookies: dict[str, str] = {}
        self.set_cookie: list[str] = []

    def call(self, method: str, path: str, data: dict[str, str] | None = None,
             body: bytes | None = None) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPSConnection("localhost", self.p.https, context=self.p.context, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        for value in r.headers.get_all("Set-Cookie") or []:
            self.set_cookie.append(value)
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return r.status, dict(r.headers), text

    def token(self) -> str:
        return token_of(self.call("GET", "/login")[2])

    def sign_in(self, name: str) -> int:
        return self.call("POST", "/login", {"name": name, "password": PASSWORD, "csrf_token": self.token()})[0]


def _routes() -> list[tuple[str, str, str]]:
    """(endpoint, method, URL of office A) of every route, as tests/test_access.py walks them."""
    from test_access import ARGS

    from docgen.serve.app import create_app

    app = create_app(ROOT / "records", ROOT / "output")
    found = []
    for rule in app.url_map.iter_rules():
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **{k: ARGS[k] for k in rule.arguments})
        found += [(rule.endpoint, m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_the_access_rules_hold_through_nginx_over_https(proxied: Any) -> None:
    from docgen.serve.guard import NEEDS

    routes = _routes()
    nobody = Client(proxied)
    token = nobody.token()
    for endpoint, method, url in routes:
        if NEEDS[endpoint][method] == "open":
            continue
        status, headers, _ = nobody.call(method, url, {"csrf_token": token} if method == "POST" else None)
        assert status in (302, 401) and (status == 401 or "/login" in headers["Location"]), (endpoint, method, status)

    clerk_a = Client(proxied)
    assert clerk_a.sign_in("clerk-a") == 302
    session = next(c for c in clerk_a.set_cookie if c.startswith("docgen_session="))
    assert "Secure" in session and "HttpOnly" in session
    status, _, page = clerk_a.call("GET", f"/p/{A}/2566/")
    assert status == 200 and "ชุดเอกสารปีงบประมาณ พ.ศ. 2566" in page

    clerk_b = Client(proxied)
    assert clerk_b.sign_in("clerk-b") == 302
    token = clerk_b.token()
    for endpoint, method, url in routes:
        if f"/{A}" in url and NEEDS[endpoint][method] not in ("open", "signed-in"):
            status = clerk_b.call(method, url, {"csrf_token": token} if method == "POST" else None)[0]
            assert status == 404, (endpoint, method, status)
    assert clerk_b.call("GET", f"/p/{B}/2566/")[0] == 200

    approver = Client(proxied)
    assert approver.sign_in("approver-a") == 302
    status, _, page = approver.call("POST", f"/p/{A}/2566/edit/measures", {"csrf_token": approver.token(),
                                                                           "action": "save"})
    assert status == 403 and "ไม่มีสิทธิ์ทำรายการนี้" in page


def test_plain_http_goes_to_https_and_nginx_refuses_a_body_over_its_limit(proxied: Any) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", proxied.plain, timeout=10)
    conn.request("GET", f"/p/{A}/2566/")
    r = conn.getresponse()
    r.read()
    conn.close()
    assert r.status == 301 and r.headers["Location"].startswith("https://")
    clerk = Client(proxied)
    assert clerk.sign_in("clerk-a") == 302
    status, headers, _ = clerk.call("GET", "/")
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    status, _, page = clerk.call("POST", f"/p/{A}/2566/edit/measures", body=b"x" * (13 * 1024 * 1024))
    assert status == 413 and "nginx" in page


@pytest.mark.parametrize("unit", ["docgen-serve.service", "docgen-worker@.service"])
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path, unit: str) -> None:
    text = (ROOT / "deploy" / "systemd" / unit).read_text(encoding="utf-8")
    command = "serve " if unit.startswith("docgen-serve") else "worker"
    assert f"ExecStart=/opt/docgen/.venv/bin/docgen {command}" in text
    here = tmp_path / unit.replace("@", "@1")  # an instance of the template, as systemctl enable docgen-worker@1 makes
    here.write_text(text.replace("/opt/docgen/.venv/bin/docgen", str(ROOT / ".venv" / "bin" / "docgen")),
                    encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(here)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
