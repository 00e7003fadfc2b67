#!/usr/bin/env bash
# The explorer's first load from a cold browser against a large log, and the size of its bundle:
#
#   bench/web/run.sh [--seed 100000] [--runs 10]
#
# Builds mesh-portal (Release), starts it on SQLite as 'localhost' on a fresh data folder, grows its log to
# --seed entries with mesh-load (accounts, escrow entries, profile updates), then times --runs cold loads of
# the front page and of an account's page in Debian's Chromium (bench/web/first-load.mjs). Needs curl, node,
# npm and /usr/lib/chromium/chromium. Everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

seed=100000; runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed=$2 ;; --runs) runs=$2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift 2
done

for project in src/Mesh.Portal bench/Mesh.LoadTest; do dotnet build -c Release -v q "$project" >/dev/null; done
[ -d tests/Mesh.Testing/browser/node_modules/playwright-core ] || (cd tests/Mesh.Testing/browser && npm ci --no-audit --no-fund >/dev/null)

w=$(mktemp -d); port=$((20000 + RANDOM % 20000)); pid=
trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$w"' EXIT
(exec dotnet src/Mesh.Portal/bin/Release/net10.0/mesh-portal.dll --domain localhost --rate-limit 0 --data "$w/data" --urls "http://127.0.0.1:$port" >"$w/portal.log" 2>&1) &
pid=$!
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

echo "== growing the log to $seed entries" >&2
dotnet bench/Mesh.LoadTest/bin/Release/net10.0/mesh-load.dll --url "http://127.0.0.1:$port" --domain localhost --seed "$seed" \
  --duration 3 --warmup 0 --scenarios publish >&2
echo "$(curl -s "http://127.0.0.1:$port/healthz"); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
node bench/web/first-load.mjs "http://localhost:$port/" "$runs"
echo
echo "bundle (src/Mesh.Web/dist), gzip -9: $(cat src/Mesh.Web/dist/assets/* src/Mesh.Web/dist/index.html | gzip -9 | wc -c) bytes"
