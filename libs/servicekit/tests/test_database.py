import pytest

from servicekit.conf.database import database_config, database_from_env
from servicekit.env import ImproperlyConfiguredEnv


def test_unset_url_means_a_local_sqlite_file(tmp_path):
    path = tmp_path / "dev" / "svc.sqlite3"
    config = database_config(None, sqlite_path=path)
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    assert path.parent.is_dir(), "the folder is made so that migrate can create the file"
    assert database_config("   ", sqlite_path=path)["ENGINE"] == "django.db.backends.sqlite3"


def test_sqlite_url_names_its_file(tmp_path):
    assert database_config("sqlite:////var/data/a.db", sqlite_path=tmp_path / "x")["NAME"] == "/var/data/a.db"
    assert database_config("sqlite:///rel.db", sqlite_path=tmp_path / "x")["NAME"] == "rel.db"


def test_postgresql_url_is_parsed_into_every_field(tmp_path, monkeypatch):
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    config = database_config(
        "postgresql://app%40svc:p%2Fss%3Aword@db.internal:6543/property?sslmode=require&connect_timeout=3",
        sqlite_path=tmp_path / "x",
    )
    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "property",
        "USER": "app@svc",
        "PASSWORD": "p/ss:word",
        "HOST": "db.internal",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require", "connect_timeout": "3"},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql", "postgresql+psycopg"])
def test_every_postgresql_scheme_spelling_is_accepted(tmp_path, scheme):
    config = database_config(f"{scheme}://u@h/db", sqlite_path=tmp_path / "x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["PORT"] == "", "no port means libpq's default"


def test_socket_directory_in_host_query_parameter_selects_a_unix_socket(tmp_path):
    config = database_config(
        "postgresql://postgres@/property?host=/var/run/postgresql", sqlite_path=tmp_path / "x"
    )
    assert config["HOST"] == "/var/run/postgresql"
    assert config["OPTIONS"] == {}, "host is a connection field, not an option"


def test_percent_encoded_socket_path_as_host(tmp_path):
    config = database_config("postgresql://postgres@%2Frun%2Fpostgresql/property", sqlite_path=tmp_path / "x")
    assert config["HOST"] == "/run/postgresql"


def test_connection_age_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    assert database_config("postgresql://u@h/db", sqlite_path=tmp_path / "x")["CONN_MAX_AGE"] == 0


def test_url_without_database_name_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfiguredEnv, match="must name a database"):
        database_config("postgresql://u@h:5432/", sqlite_path=tmp_path / "x")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "redis://h:6379/0", "h:5432/db"])
def test_unsupported_scheme_is_refused(tmp_path, url):
    with pytest.raises(ImproperlyConfiguredEnv, match="not supported"):
        database_config(url, sqlite_path=tmp_path / "x")


def test_database_from_env_reads_database_url(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/fromenv")
    assert database_from_env(sqlite_path=tmp_path / "x")["NAME"] == "fromenv"
    monkeypatch.delenv("DATABASE_URL")
    assert database_from_env(sqlite_path=tmp_path / "x")["ENGINE"].endswith("sqlite3")
