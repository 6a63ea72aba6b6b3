#!/usr/bin/env sh
# One portal for `make dev` (Procfile.dev): the production (standalone) server, what users get (no dev
# overlay showing stack traces, real bundle sizes), rebuilt first when a source file is newer than
# the last build. PORTALS_MODE=dev runs `next dev` (hot reload) instead.
#   portals/scripts/serve.sh tenant-portal 3000
set -eu
app=$1
port=$2
cd "$(dirname "$0")/../$app"
export BFF_URL="${BFF_URL:-http://127.0.0.1:8000}" NEXT_TELEMETRY_DISABLED=1
next=../node_modules/.bin/next
if [ "${PORTALS_MODE:-start}" = dev ]; then
  exec "$next" dev -p "$port"
fi
if [ ! -f .next/BUILD_ID ] ||
  [ -n "$(find . ../shared \( -name node_modules -o -name .next \) -prune -o -type f -newer .next/BUILD_ID -print | head -n 1)" ]; then
  "$next" build
fi
# The standalone server (what the container runs) serves the static files from beside it.
rm -rf ".next/standalone/$app/.next/static" ".next/standalone/$app/public"
cp -R .next/static ".next/standalone/$app/.next/static"
[ ! -d public ] || cp -R public ".next/standalone/$app/public"
PORT=$port HOSTNAME=${HOSTNAME_BIND:-127.0.0.1} exec node ".next/standalone/$app/server.js"
