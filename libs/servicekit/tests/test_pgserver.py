"""The throwaway PostgreSQL every test run starts: it must start, stop and start again on its data."""

import os

import psycopg
import pytest

from servicekit.testing import pgserver

PORT = int(os.environ.get("SERVICEKIT_TEST_PG2_PORT", "8109"))  # not the suite's own server


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "pg"
    yield path
    pgserver.stop(path)


def server_version(url: str) -> str:
    with psycopg.connect(f"{url}/postgres", connect_timeout=5) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def test_start_stop_and_start_again_on_the_same_data(data_dir):
    url = pgserver.start(data_dir, PORT)
    assert url == f"postgresql://postgres@127.0.0.1:{PORT}"
    assert server_version(url)
    assert pgserver.start(data_dir, PORT) == url, "starting a running server is a no-op"

    pgserver.createdb(PORT, ["property_service"])
    pgserver.createdb(PORT, ["property_service"])  # already there: nothing to do
    with psycopg.connect(f"{url}/property_service") as conn:
        conn.execute("CREATE TABLE kept (id int)")

    pgserver.stop(data_dir)
    with pytest.raises(psycopg.OperationalError):
        server_version(url)

    assert pgserver.start(data_dir, PORT) == url
    assert oct(data_dir.stat().st_mode & 0o777) == "0o700", "PostgreSQL refuses a wider data directory"
    with psycopg.connect(f"{url}/property_service") as conn:
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (0,)
