#!/usr/bin/env bash
# Foundation benchmarks (issue 2), side by side in one run. Needs the release build (make release), the
# Debian packages of scripts/install-deps.sh bench, and a PostgreSQL server in QINGSHAN_TEST_POSTGRES
# (scripts/with-postgres.sh starts one). Data: the 12 UCI PRSA files in $QINGSHAN_DATA/beijing-multisite-aq.
# Usage: scripts/with-postgres.sh scripts/bench-foundation.sh
set -euo pipefail
data="${QINGSHAN_DATA:-../shared/data}/beijing-multisite-aq"
bin="$(pwd)/.build/release/qingshan"
here="$(pwd)/scripts/bench"
work="$(mktemp -d /tmp/qingshan-bench.XXXXXX)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
files=("$data"/PRSA_Data_*_20130301-20170228.csv)
[ ${#files[@]} -eq 12 ] || { echo "expected 12 PRSA files in $data" >&2; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(sqlite3 --version | cut -d' ' -f1) sqlite3 CLI"

seconds() { python3 -c "import sys; print(f'{float(sys.argv[1]):.2f}')" "$1"; }

echo "## Import of the 12 PRSA files"
# Each side runs twice on a fresh database and the faster run counts (this 2-core machine is noisy).
ours_s=999999; raw_s=999999
for attempt in 1 2; do
  rm -f "$work"/ours.sqlite* "$work"/raw.sqlite*
  # Ours: qingshan import into a fresh SQLite file; /usr/bin/time reports wall time and peak memory.
  /usr/bin/time -v -o "$work/ours.time" "$bin" import prsa --database "sqlite:$work/ours.sqlite" "${files[@]}" > "$work/ours.out" 2>"$work/ours.err"
  ours_values=$(awk -F'[: ]+' '/values stored/{print $3}' "$work/ours.out")
  s=$(awk '/Elapsed \(wall clock\)/{n=split($NF,a,":"); print (n==3? a[1]*3600+a[2]*60+a[3] : a[1]*60+a[2])}' "$work/ours.time")
  ours_rss=$(awk '/Maximum resident set size/{print int($NF/1024)}' "$work/ours.time")
  ours_s=$(python3 -c "print(min($ours_s, $s))")
  # Raw engine: sqlite3 .import of the same files, then the unpivot into an equivalent table, one transaction.
  {
    echo "CREATE TEMP TABLE raw (no, year, month, day, hour, pm25, pm10, so2, no2, co, o3, temp, pres, dewp, rain, wd, wspm, station);"
    for f in "${files[@]}"; do echo ".import --csv --skip 1 '$f' raw"; done
    cat "$here/sqlite-raw-load.sql"
  } > "$work/raw.sql"
  start=$(date +%s.%N)
  raw_values=$(sqlite3 "$work/raw.sqlite" < "$work/raw.sql" | tail -1)
  s=$(python3 -c "import time,sys; print(time.time()-float(sys.argv[1]))" "$start")
  raw_s=$(python3 -c "print(min($raw_s, $s))")
done
echo "| run | values stored | seconds | values/s | peak RSS MiB |"
echo "|---|---|---|---|---|"
echo "| qingshan import prsa (SQLite) | $ours_values | $(seconds "$ours_s") | $(python3 -c "print(int($ours_values/$ours_s))") | $ours_rss |"
echo "| sqlite3 CLI .import + INSERT…SELECT, one transaction | $raw_values | $(seconds "$raw_s") | $(python3 -c "print(int($raw_values/$raw_s))") | |"
echo "ratio ours/raw (SQLite): $(python3 -c "print(f'{($ours_values/$ours_s)/($raw_values/$raw_s):.2f}')")"

if [ -n "${QINGSHAN_TEST_POSTGRES:-}" ]; then
  base="${QINGSHAN_TEST_POSTGRES%/*}"
  psql "$QINGSHAN_TEST_POSTGRES" -q -c "CREATE DATABASE bench_ours" -c "CREATE DATABASE bench_raw"
  /usr/bin/time -v -o "$work/pg.time" "$bin" import prsa --database "$base/bench_ours" "${files[@]}" > "$work/pg.out" 2>"$work/pg.err"
  pg_values=$(awk -F'[: ]+' '/values stored/{print $3}' "$work/pg.out")
  pg_s=$(awk '/Elapsed \(wall clock\)/{n=split($NF,a,":"); print (n==3? a[1]*3600+a[2]*60+a[3] : a[1]*60+a[2])}' "$work/pg.time")
  pg_rss=$(awk '/Maximum resident set size/{print int($NF/1024)}' "$work/pg.time")
  psql "$base/bench_raw" -q -f "$here/postgres-raw-load.sql"
  { for f in "${files[@]}"; do echo "\\copy raw FROM '$f' WITH (FORMAT csv, HEADER true)"; done; cat "$here/postgres-raw-unpivot.sql"; } > "$work/pgraw.sql"
  start=$(date +%s.%N)
  pgraw_values=$(psql "$base/bench_raw" -q -t -A -f "$work/pgraw.sql" | tail -1)
  pgraw_s=$(python3 -c "import time,sys; print(time.time()-float(sys.argv[1]))" "$start")
  echo "| qingshan import prsa (PostgreSQL) | $pg_values | $(seconds "$pg_s") | $(python3 -c "print(int($pg_values/$pg_s))") | $pg_rss |"
  echo "| psql \\copy + INSERT…SELECT, one transaction | $pgraw_values | $(seconds "$pgraw_s") | $(python3 -c "print(int($pgraw_values/$pgraw_s))") | |"
  echo "ratio ours/raw (PostgreSQL): $(python3 -c "print(f'{($pg_values/$pg_s)/($pgraw_values/$pgraw_s):.2f}')")"
fi

echo "## Query: prsa-dongsi PM2.5, hourly, calendar year 2015 (8,760 periods)"
"$bin" serve --database "sqlite:$work/ours.sqlite" --http 127.0.0.1:0 > "$work/serve.out" 2>&1 &
for _ in $(seq 100); do grep -q "HTTP listening" "$work/serve.out" && break; sleep 0.1; done
port=$(sed -n 's/.*HTTP listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out" | head -1)
echo "| path | requests | p50 ms | p99 ms | bytes or rows |"
echo "|---|---|---|---|---|"
python3 "$here/query_latency.py" "$port" "$work/ours.sqlite" 200

echo "## PRSA reference table (annual mean PM2.5 and valid hours, 2014–2016) read back through the API"
python3 "$here/check_prsa_reference.py" "$port" | tail -1
