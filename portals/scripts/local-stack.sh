#!/usr/bin/env bash
# The whole platform on one port range, for the portals' axe + screenshot run and the benchmark:
# the three services and the BFF under gunicorn (local settings, demo data in fresh SQLite files
# of their own) and both portals' standalone production servers. Ctrl-C stops everything.
#
#   portals/scripts/local-stack.sh                 BFF :8140, services :8141-8143, portals :3100 (tenant) :3101 (market)
#   STACK_API_PORT=8240 STACK_PORTAL_PORT=3200 portals/scripts/local-stack.sh
#   STACK_FAULTS=1 ...   also: a BFF whose maintenance-service is down (:API+4) with a tenant portal on
#                        it (:PORTAL+2), and a market and a tenant portal whose BFF is down (:PORTAL+3, +4)
#
# Needs `uv sync --all-packages` and `npm ci && npm run build` in portals/ first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
API=${STACK_API_PORT:-8140}
PORTAL=${STACK_PORTAL_PORT:-3100}
DIR=${STACK_DIR:-$(mktemp -d /tmp/portals-stack.XXXXXX)}
mkdir -p "$DIR"

tok() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }
BFF_TOKEN=$(tok)
FIN_TOKEN=$(tok)

export PYTHONUNBUFFERED=1 DJANGO_DEBUG=true LOG_FORMAT=console DJANGO_SETTINGS_MODULE=config.settings.local
export NEXT_TELEMETRY_DISABLED=1 GUNICORN_WORKERS=${GUNICORN_WORKERS:-2} GUNICORN_THREADS=${GUNICORN_THREADS:-4}
export PROPERTY_SERVICE_URL=http://127.0.0.1:$((API + 1))
export FINANCIAL_SERVICE_URL=http://127.0.0.1:$((API + 2))
export MAINTENANCE_SERVICE_URL=http://127.0.0.1:$((API + 3))
export MEDIA_ROOT=$DIR/maintenance-media

declare -A PORT=([bff]=$API [property_service]=$((API + 1)) [financial_service]=$((API + 2)) [maintenance_service]=$((API + 3)))
declare -A ENVS=(
  [property_service]="SERVICE_TOKENS=bff=$BFF_TOKEN,financial-service=$FIN_TOKEN"
  [financial_service]="SERVICE_TOKENS=bff=$BFF_TOKEN PROPERTY_SERVICE_TOKEN=$FIN_TOKEN"
  [maintenance_service]="SERVICE_TOKENS=bff=$BFF_TOKEN"
  [bff]="PROPERTY_SERVICE_TOKEN=$BFF_TOKEN FINANCIAL_SERVICE_TOKEN=$BFF_TOKEN MAINTENANCE_SERVICE_TOKEN=$BFF_TOKEN"
)

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

# Each portal runs as it does in its container: the standalone server, copied out of the source tree
# (a rebuild in portals/ while this runs cannot pull files from under it).
for app in tenant-portal market-portal; do
  rm -rf "$DIR/portals/$app"
  mkdir -p "$DIR/portals"
  cp -a "$ROOT/portals/$app/.next/standalone" "$DIR/portals/$app"
  cp -a "$ROOT/portals/$app/.next/static" "$DIR/portals/$app/$app/.next/static"
  [ -d "$ROOT/portals/$app/public" ] && cp -a "$ROOT/portals/$app/public" "$DIR/portals/$app/$app/public"
done
for p in property_service financial_service maintenance_service bff; do
  echo "· $p: migrate and seed ($DIR/$p.sqlite3)"
  (cd "$ROOT/$p" && DATABASE_URL="sqlite:///$DIR/$p.sqlite3" ../.venv/bin/python manage.py migrate --noinput -v0 &&
    DATABASE_URL="sqlite:///$DIR/$p.sqlite3" ../.venv/bin/python manage.py seed_demo >/dev/null)
done
for p in property_service financial_service maintenance_service bff; do
  # shellcheck disable=SC2086  # ENVS holds several NAME=value words
  (cd "$ROOT/$p" && exec env ${ENVS[$p]} DATABASE_URL="sqlite:///$DIR/$p.sqlite3" OTEL_SERVICE_NAME="$p" \
    ../.venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:${PORT[$p]}" config.wsgi) >"$DIR/$p.log" 2>&1 &
  pids+=($!)
done
serve() { # app port bff-url
  (cd "$DIR/portals/$1/$1" && BFF_URL=$3 PORT=$2 HOSTNAME=127.0.0.1 exec node server.js) >"$DIR/$1-$2.log" 2>&1 &
  pids+=($!)
}
serve tenant-portal "$PORTAL" "http://127.0.0.1:$API"
serve market-portal $((PORTAL + 1)) "http://127.0.0.1:$API"

if [ -n "${STACK_FAULTS:-}" ]; then
  DEAD=http://127.0.0.1:$((API + 9)) # nothing listens there
  (cd "$ROOT/bff" && exec env ${ENVS[bff]} MAINTENANCE_SERVICE_URL=$DEAD DATABASE_URL="sqlite:///$DIR/bff.sqlite3" \
    ../.venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$((API + 4))" config.wsgi) >"$DIR/bff-degraded.log" 2>&1 &
  pids+=($!)
  serve tenant-portal $((PORTAL + 2)) "http://127.0.0.1:$((API + 4))"
  serve market-portal $((PORTAL + 3)) "$DEAD"
  serve tenant-portal $((PORTAL + 4)) "$DEAD"
fi

for url in "http://127.0.0.1:$API/healthz" "http://127.0.0.1:$PORTAL/healthz" "http://127.0.0.1:$((PORTAL + 1))/healthz"; do
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.5; done
done
cat <<MSG

  tenant portal  http://localhost:$PORTAL   (alice@example.com / tenant-demo-2026)
  market portal  http://localhost:$((PORTAL + 1))
  bff            http://127.0.0.1:$API      logs and databases in $DIR
${STACK_FAULTS:+  faults         tenant (maintenance down) :$((PORTAL + 2)), market (BFF down) :$((PORTAL + 3)), tenant (BFF down) :$((PORTAL + 4))
}
MSG
wait
