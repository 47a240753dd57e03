#!/usr/bin/env bash
# Open-data benchmark (issue 5): about 10 million observations in the store (the 12 UCI PRSA files, plus the
# same rows under 18 more station names), then wrk at 100 connections against a SensorThings query of one
# Datastream and its REST equivalent, and one Datastream's year as dataArray and as CSV. On SQLite, and on
# PostgreSQL when run under scripts/with-postgres.sh (QINGSHAN_TEST_POSTGRES set).
# Needs the release build (make release) and wrk. Usage: scripts/bench-sta.sh [SECONDS]
set -euo pipefail
seconds="${1:-10}"
data="${QINGSHAN_DATA:-../shared/data}/beijing-multisite-aq"
bin="$(pwd)/.build/release/qingshan"
work="$(mktemp -d /tmp/qingshan-bench-sta.XXXXXX)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
files=("$data"/PRSA_Data_*_20130301-20170228.csv)
# 18 more stations: the Dongsi file with its station column renamed (x01 … x18).
for n in $(seq -w 1 18); do
  sed "s/\"Dongsi\"\$/\"x$n\"/; s/\"Dongsi\"\r\$/\"x$n\"\r/" "$data/PRSA_Data_Dongsi_20130301-20170228.csv" > "$work/PRSA_x$n.csv"
  files+=("$work/PRSA_x$n.csv")
done
database=()
if [ -n "${QINGSHAN_TEST_POSTGRES:-}" ]; then
  psql "$QINGSHAN_TEST_POSTGRES" -q -c "CREATE DATABASE bench_sta" >/dev/null
  database=(--database "${QINGSHAN_TEST_POSTGRES%/*}/bench_sta")
  echo "store: PostgreSQL"
else
  echo "store: SQLite"
fi
/usr/bin/time -f "import: %e s, peak RSS %M KB" "$bin" import prsa --data-directory "$work/store" "${database[@]}" "${files[@]}" > "$work/import.out" 2> "$work/import.err"
tail -1 "$work/import.err"
grep -E "values stored|rollups" "$work/import.out" || true
# Limits off: the benchmark is one client asking as fast as it can.
QINGSHAN_API_RATE_LIMIT=0 QINGSHAN_API_TOKEN_RATE_LIMIT=0 "$bin" serve --data-directory "$work/store" "${database[@]}" --http 127.0.0.1:0 --hj212 127.0.0.1:0 --log-level warning > "$work/serve.log" 2>&1 < /dev/null &
pid=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's/.*HTTP listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; exit 1; }
base="http://127.0.0.1:$port"
sta="$base/sta/v1.1/Datastreams('prsa-x07:a34004:hour')/Observations?\$filter=phenomenonTime%20ge%202016-01-01T00:00:00%2B08:00%20and%20result%20gt%20100&\$top=100"
rest="$base/api/v1/sites/prsa-x07/observations?parameter=pm25&interval=hour&from=2016-01-01T00:00:00%2B08:00&limit=100"
curl -sf "$sta" > /dev/null && curl -sf "$rest" > /dev/null
for name in sta rest; do
  url="${!name}"
  echo "wrk $name (1 connection, 5s):"
  wrk -t1 -c1 -d5s --latency "$url" | grep -E "Requests/sec|50%"
  echo "wrk $name (100 connections, ${seconds}s):"
  wrk -t2 -c100 -d"${seconds}s" --latency "$url" | grep -E "Requests/sec|Latency  |99%|50%|Non-2xx"
done
year="from=2016-01-01T00:00:00%2B08:00&to=2017-01-01T00:00:00%2B08:00"
/usr/bin/time -f "one Datastream's year as dataArray: %e s" curl -sf -o "$work/year.json" \
  "$base/sta/v1.1/Datastreams('prsa-x07:a34004:hour')/Observations?\$filter=phenomenonTime%20ge%202016-01-01T00:00:00%2B08:00%20and%20phenomenonTime%20lt%202017-01-01T00:00:00%2B08:00&\$top=10000&\$resultFormat=dataArray&\$select=phenomenonTime,result"
/usr/bin/time -f "the same year as CSV (REST): %e s" curl -sf -o "$work/year.csv" "$base/api/v1/sites/prsa-x07/observations?parameter=pm25&interval=hour&$year&format=csv"
python3 - "$work/year.json" "$work/year.csv" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["value"][0]["dataArray"]
csv = [float(l.split(",")[1]) for l in open(sys.argv[2]).read().splitlines()[1:]]
print(f"dataArray rows {len(rows)}, CSV rows {len(csv)}, same values: {[r[1] for r in rows] == csv}")
PY
