"""The NetworkPolicy probe's program, run inside the probe pods (standard library only).

    python probe.py listen 8000/TCP 5432/TCP ...   accept connections on these ports until killed
    python probe.py connect '[["10.244.0.7", 8000, "TCP"], ...]'
                                                   try each target at once; print one JSON list of
                                                   booleans (True: connected / answered)

A TCP target counts as reachable when the handshake completes. The one UDP target is DNS: reachable
when a query for the API server's name gets an answer (kube-dns is the only UDP peer in §7).
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

TIMEOUT = 2.0


def listen(specs: list[str]) -> None:
    def serve(port: int) -> None:
        server = socket.create_server(("0.0.0.0", port), backlog=64, reuse_port=True)  # noqa: S104 — a probe answers every source
        while True:
            connection, _ = server.accept()
            connection.close()

    ports = [int(spec.split("/")[0]) for spec in specs if spec.endswith("/TCP")]
    threads = [threading.Thread(target=serve, args=(p,), daemon=True) for p in ports]
    for t in threads:
        t.start()
    print(f"listening on {ports}", flush=True)
    threading.Event().wait()


def dns_query(name: str) -> bytes:
    header = struct.pack(">HHHHHH", 0x5050, 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(part)]) + part.encode() for part in name.split(".")) + b"\0"
    return header + labels + struct.pack(">HH", 1, 1)


def reachable(host: str, port: int, protocol: str) -> bool:
    try:
        if protocol == "UDP":
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.settimeout(TIMEOUT)
                s.sendto(dns_query("kubernetes.default.svc.cluster.local"), (host, port))
                return s.recv(512)[:2] == b"\x50\x50"
        with socket.create_connection((host, port), timeout=TIMEOUT):
            return True
    except OSError:
        return False


def connect(targets: list[list]) -> None:
    with ThreadPoolExecutor(max_workers=64) as pool:
        results = list(pool.map(lambda t: reachable(t[0], int(t[1]), t[2]), targets))
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "listen":
        listen(args)
    elif command == "connect":
        connect(json.loads(args[0]))
    else:
        sys.exit(f"unknown command {command}")
