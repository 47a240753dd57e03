#!/usr/bin/env bash
# Before and after, in one run each: two builds of `qingshan` side by side on the same data and the same
# machine. HJ 212 end to end (simulated loggers, each sending its next upload when the last is answered) and the
# open-data routes under wrk (SensorThings and REST, 100 connections). The store is imported once per engine by
# the BEFORE build (a newer build migrates it; an older one refuses a newer schema).
# Usage: scripts/bench-compare.sh BEFORE_BINARY AFTER_BINARY [SECONDS]   (PART=hj212 or PART=sta runs one half)
# Needs wrk, curl, sqlite3; PostgreSQL rows when run under scripts/with-postgres.sh. Data: $QINGSHAN_DATA.
set -euo pipefail
before="$1"; after="$2"; seconds="${3:-10}"
data="${QINGSHAN_DATA:-../shared/data}/beijing-multisite-aq"
work="$(mktemp -d /tmp/qingshan-compare.XXXXXX)"
here="$(pwd)/scripts/bench"
cleanup() { [ -n "${last_log:-}" ] && cp "$last_log" /tmp/qingshan-compare-serve.log 2>/dev/null; pkill -f -- "--http 127.0.0.1:18391" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"

# Starts `serve` of build $1 on data directory $2 (extra arguments after), waits for /healthz; sets $pid.
serve() {
  local bin="$1" dir="$2"; shift 2
  (cd "$dir" && QINGSHAN_API_RATE_LIMIT=0 QINGSHAN_API_TOKEN_RATE_LIMIT=0 setsid "$bin" serve --data-directory "$dir/store" \
    --http 127.0.0.1:18391 --hj212 127.0.0.1:18392 --log-level warning "$@" > "$dir/serve.log" 2>&1 < /dev/null &)
  last_log="$dir/serve.log"
  for _ in $(seq 600); do curl -sf 127.0.0.1:18391/healthz > /dev/null && break; sleep 0.1; done
  pid=$(pgrep -n -f "serve --data-directory $dir/store")
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; }
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }

engines=(sqlite)
[ -n "${QINGSHAN_TEST_POSTGRES:-}" ] && engines+=(postgres)

part="${PART:-all}"
if [ "$part" = all ] || [ "$part" = hj212 ]; then
echo "## HJ 212 end to end: simulated loggers, ${seconds} s each (answered frames/s, ack p50/p99, serve CPU s)"
for engine in "${engines[@]}"; do
  for loggers in 100 1000; do
    for build in before after; do
      bin="${!build}"
      dir="$work/hj212-$engine-$build-$loggers"; mkdir -p "$dir"
      database=()
      if [ "$engine" = postgres ]; then
        name="cmp_${build}_${loggers}_$$"
        psql "$QINGSHAN_TEST_POSTGRES" -q -c "CREATE DATABASE $name" > /dev/null
        database=(--database "${QINGSHAN_TEST_POSTGRES%/*}/$name")
      fi
      serve "$bin" "$dir" "${database[@]}"
      start=$(cpu "$pid")
      out=$(cd "$dir" && "$bin" simulate --data-directory "$dir/store" "${database[@]}" --devices "$loggers" --interval 0 \
        --duration "$seconds" --to 127.0.0.1:18392 --log-level warning)
      used=$(( $(cpu "$pid") - start ))
      stop
      rate=$(echo "$out" | awk -F': ' '/answered frames\/s/{print $2}')
      p50=$(echo "$out" | awk -F': ' '/p50/{print $2}')
      p99=$(echo "$out" | awk -F': ' '/p99/{print $2}')
      answered=$(echo "$out" | awk -F': ' '/^answered:/{print $2}')
      echo "$engine $loggers loggers, $build: $rate frames/s, p50 $p50, p99 $p99, serve CPU $((used / 100)).$(printf %02d $((used % 100))) s, frames per serve CPU-second $(( answered * 100 / (used > 0 ? used : 1) ))"
    done
  done
done

fi

[ "$part" = hj212 ] && exit 0
if [ "$part" = checks ] || [ "$part" = all ]; then
echo "## No regression: import of the 12 PRSA files into SQLite (s, best of 2), decode of the seven AllData hours (best of 3), 10,000 idle connections"
cat "${QINGSHAN_DATA:-../shared/data}"/hj212-alldata/*.h212 > "$work/alldata7.h212"
for build in before after; do
  bin="${!build}"
  best=999999
  for attempt in 1 2; do
    rm -rf "$work/import-$build"
    start=$(date +%s.%N)
    "$bin" import prsa --data-directory "$work/import-$build" "$data"/PRSA_Data_*_20130301-20170228.csv > /dev/null 2>&1
    best=$(python3 -c "import time,sys; print(min(float(sys.argv[2]), time.time()-float(sys.argv[1])))" "$start" "$best")
  done
  decode=$(for attempt in 1 2 3; do "$bin" hj212 decode --summary "$work/alldata7.h212" | tr '\n' ' '; echo; done | sort | head -3 | tr '\n' '|')
  dir="$work/idle-$build"; mkdir -p "$dir"
  serve "$bin" "$dir"
  (cd "$dir" && "$bin" simulate --data-directory "$dir/store" --devices 10000 --interval 3600 --duration 40 --to 127.0.0.1:18392 --log-level warning > "$dir/idle.out" 2>&1) &
  sleep 35
  connections=$(curl -s 127.0.0.1:18391/metrics | awk '/^qingshan_hj212_connections /{print $2}')
  rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
  wait
  stop
  echo "$build: import $(printf %.2f "$best") s; decode: $decode; idle: $connections connections, serve RSS $rss MiB"
done
[ "$part" = checks ] && exit 0
fi
echo "## Open data: wrk -t2 -c100 -d${seconds}s (req/s, p50, p99)"
for engine in "${engines[@]}"; do
  dir="$work/sta-$engine"; mkdir -p "$dir"
  database=()
  if [ "$engine" = postgres ]; then
    psql "$QINGSHAN_TEST_POSTGRES" -q -c "CREATE DATABASE cmp_sta_$$" > /dev/null
    database=(--database "${QINGSHAN_TEST_POSTGRES%/*}/cmp_sta_$$")
  fi
  "$before" import prsa --data-directory "$dir/store" "${database[@]}" "$data"/PRSA_Data_*_20130301-20170228.csv > /dev/null 2>&1
  sta="http://127.0.0.1:18391/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?\$filter=phenomenonTime%20ge%202016-01-01T00:00:00%2B08:00%20and%20result%20gt%20100&\$top=100"
  rest="http://127.0.0.1:18391/api/v1/sites/prsa-dongsi/observations?parameter=pm25&interval=hour&from=2016-01-01T00:00:00%2B08:00&limit=100"
  for build in before after; do
    serve "${!build}" "$dir" "${database[@]}"
    for name in sta rest; do
      url="${!name}"
      curl -sf "$url" > /dev/null
      result=$(wrk -t2 -c100 -d"${seconds}s" --latency -s "$here/wrk-statuses.lua" "$url")
      echo "$engine $name, $build: $(echo "$result" | awk '/Requests\/sec/{print $2}') req/s, p50 $(echo "$result" | awk '$1=="50%"{print $2}'), p99 $(echo "$result" | awk '$1=="99%"{print $2}'), statuses $(echo "$result" | awk '/^statuses/{print $2}')"
    done
    stop
  done
done
