"""Start and stop a throwaway PostgreSQL server from the installed binaries.

    python -m servicekit.testing.pgserver start --dir var/pg --port 54329   # prints the server URL
    python -m servicekit.testing.pgserver createdb --port 54329 NAME [NAME ...]
    python -m servicekit.testing.pgserver stop --dir var/pg

``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` user.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path


def bin_dir() -> Path:
    if found := shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not candidates:
        sys.exit("PostgreSQL server binaries not found: apt-get install postgresql (or set DATABASE_URL).")
    return Path(candidates[-1])


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def start(data_dir: Path, port: int) -> str:
    data_dir = data_dir.resolve()
    pg = bin_dir()
    if os.geteuid() == 0:
        # The postgres user must be able to reach the folder: make each parent traversable. The
        # data directory itself must stay 0700: PostgreSQL refuses to start on a wider one.
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for parent in data_dir.parents:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o711)
        shutil.chown(data_dir, "postgres", "postgres")
        data_dir.chmod(0o700)
    else:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not (data_dir / "PG_VERSION").exists():
        subprocess.run(
            _as_owner(
                [str(pg / "initdb"), "-D", str(data_dir), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    status = subprocess.run(
        _as_owner([str(pg / "pg_ctl"), "-D", str(data_dir), "status"]), capture_output=True
    )
    if status.returncode != 0:
        options = (
            f"-p {port} -k {data_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        subprocess.run(
            _as_owner(
                [
                    str(pg / "pg_ctl"),
                    "-D",
                    str(data_dir),
                    "-o",
                    options,
                    "-l",
                    str(data_dir / "server.log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return f"postgresql://postgres@127.0.0.1:{port}"


def createdb(port: int, names: list[str]) -> None:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
        existing = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
        for name in names:
            if name not in existing:
                conn.execute(f'CREATE DATABASE "{name}"')


def stop(data_dir: Path) -> None:
    data_dir = data_dir.resolve()
    if (data_dir / "PG_VERSION").exists():
        subprocess.run(
            _as_owner([str(bin_dir() / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="pgserver", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start")
    p_start.add_argument("--dir", type=Path, required=True)
    p_start.add_argument("--port", type=int, default=54329)
    p_create = sub.add_parser("createdb")
    p_create.add_argument("--port", type=int, default=54329)
    p_create.add_argument("names", nargs="+")
    p_stop = sub.add_parser("stop")
    p_stop.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "start":
        print(start(args.dir, args.port))
    elif args.command == "createdb":
        createdb(args.port, args.names)
    else:
        stop(args.dir)


if __name__ == "__main__":
    main()
