#!/usr/bin/env sh
# One portal for `make dev` (Procfile.dev): the production server, i.e. what users get (no dev
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
exec "$next" start -p "$port"
