"""The tests' PostgreSQL server (tests/postgres.py, the postgres_url fixture) is a real
server, on the loopback only, and gives each test a database of its own."""

from __future__ import annotations

import sqlalchemy as sa


def test_a_table_holds_a_row(postgres_url: str):
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE clerk (id serial PRIMARY KEY, name text NOT NULL)"))
            conn.execute(sa.text("INSERT INTO clerk (name) VALUES (:name)"), {"name": "สมศรี มีสุข"})
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT id, name FROM clerk")).all() == [(1, "สมศรี มีสุข")]
    finally:
        engine.dispose()


def test_the_server_listens_on_the_loopback_only(postgres_url: str):
    engine = sa.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert str(conn.execute(sa.text("SELECT inet_server_addr()")).scalar_one()) == "127.0.0.1"
            assert conn.execute(sa.text("SHOW listen_addresses")).scalar_one() == "127.0.0.1"
            assert conn.execute(sa.text("SHOW server_encoding")).scalar_one() == "UTF8"
    finally:
        engine.dispose()


def test_each_url_is_a_database_of_its_own(postgres_server, postgres_url: str):
    other = postgres_server.create_database("another_one")
    assert other != postgres_url
    engines = [sa.create_engine(url) for url in (postgres_url, other)]
    try:
        with engines[0].begin() as conn:
            conn.execute(sa.text("CREATE TABLE only_here (x int)"))
        names = []
        for engine in engines:
            with engine.connect() as conn:
                names.append(conn.execute(sa.text("SELECT current_database()")).scalar_one())
                names.append(conn.execute(sa.text("SELECT to_regclass('only_here') IS NOT NULL")).scalar_one())
        assert names == [postgres_url.rsplit("/", 1)[1], True, "another_one", False]
    finally:
        for engine in engines:
            engine.dispose()
