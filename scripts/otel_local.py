#!/usr/bin/env python
"""See the platform's telemetry without a cluster: a local OTLP/HTTP receiver for `make dev`.

    .venv/bin/python scripts/otel_local.py                # listens on 127.0.0.1:4318
    OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 make dev     # in another terminal

It prints one line per span as spans arrive, appends them to var/otel/spans.jsonl, and serves:
  http://127.0.0.1:4318/traces            the latest traces (id, service, root span, duration)
  http://127.0.0.1:4318/traces/<trace id> one trace as a tree across services
  http://127.0.0.1:4318/metrics           every metric in Prometheus' text format, named as
                                          Prometheus' OTLP receiver names them in the cluster
Then, optionally, a real Prometheus (Debian: apt-get install prometheus) scraping it, with the
platform's alert rules loaded, on http://127.0.0.1:9090:
    prometheus --config.file=scripts/prometheus-local.yml --storage.tsdb.path=var/otel/prometheus
Dashboard queries (helm/charts/observability/dashboards/*.json) can be pasted into its UI as they are
(replace $__rate_interval with 1m). Stop both with Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "libs" / "servicekit" / "src"))

from servicekit.testing.otlp import OTLPReceiver, Span  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4318)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "otel" / "spans.jsonl")
    parser.add_argument("--quiet", action="store_true", help="do not print spans")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def on_spans(spans: list[Span]) -> None:
        with args.out.open("a") as out:
            for span in spans:
                out.write(json.dumps({**span.__dict__, "duration_ms": span.duration_ms}, default=str) + "\n")
        if not args.quiet:
            for span in spans:
                print(
                    f"{span.service:<20} {span.kind:<7} {span.name[:48]:<48} {span.duration_ms:8.1f} ms "
                    f"trace={span.trace_id} {span.status if span.status != 'unset' else ''}",
                    flush=True,
                )

    receiver = OTLPReceiver(args.host, args.port, on_spans=on_spans).start()
    print(
        f"OTLP/HTTP on {receiver.endpoint} — traces: {receiver.endpoint}/traces, metrics: {receiver.endpoint}/metrics"
    )
    print(f"spans are appended to {args.out}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        receiver.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
