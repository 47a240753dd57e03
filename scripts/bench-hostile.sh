#!/usr/bin/env bash
# Hostile-mix benchmark (issue 10): the PRSA Dongsi file (4 years, about 380,000 values) in a fresh store,
# `qingshan serve` with its default limits and 1,024 descriptors, normal requests at a fixed rate alone and
# then beside the hostile mix of scripts/bench/hostile_mix.py; the normal requests' p50/p99 and the server's
# peak resident memory. Needs the release build (make release).
# Usage: scripts/bench-hostile.sh [SECONDS] [RATE] [HOSTILE_RATE]
set -euo pipefail
seconds="${1:-20}"
rate="${2:-50}"
hostile="${3:-100}"
data="${QINGSHAN_DATA:-../shared/data}/beijing-multisite-aq"
bin="$(pwd)/.build/release/qingshan"
work="$(mktemp -d /tmp/qingshan-bench-hostile.XXXXXX)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" import prsa --data-directory "$work/store" "$data/PRSA_Data_Dongsi_20130301-20170228.csv" > "$work/import.out" 2>&1
grep -E "values stored" "$work/import.out" || true
token="$("$bin" token create --data-directory "$work/store" --role reader --name bench 2> /dev/null)"
(ulimit -n 1024; exec "$bin" serve --data-directory "$work/store" --http 127.0.0.1:0 --hj212 127.0.0.1:0 --log-level error) > "$work/serve.log" 2>&1 < /dev/null &
pid=$!
for _ in $(seq 1 300); do
  http="$(sed -n 's/.*HTTP listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)"
  hj212="$(sed -n 's/.*HJ 212 listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$http" ] && [ -n "$hj212" ] && break
  sleep 0.1
done
[ -n "${http:-}" ] || { cat "$work/serve.log"; exit 1; }
echo "server: pid $pid, HTTP $http, HJ 212 $hj212, descriptor limit 1024"
ulimit -n 8192 2>/dev/null || true
python3 scripts/bench/hostile_mix.py "$http" "$hj212" "$token" "$pid" "$seconds" "$rate" "$hostile"
