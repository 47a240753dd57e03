#!/usr/bin/env bash
# HJ 212 benchmarks (issue 3), side by side in one run. Needs the release build (make release), a C
# compiler, sqlite3, curl and python3. Data: the seven AllData hours in $QINGSHAN_DATA/hj212-alldata.
# Usage: scripts/bench-hj212.sh   (HJT212_BENCH=path/to/harness adds the Go parser to the decode table)
set -euo pipefail
data="${QINGSHAN_DATA:-../shared/data}/hj212-alldata"
bin="$(pwd)/.build/release/qingshan"
here="$(pwd)/scripts/bench"
work="$(mktemp -d /tmp/qingshan-bench-hj212.XXXXXX)"
trap 'pkill -f "serve --http 127.0.0.1:18090" 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
cat "$data"/*.h212 > "$work/alldata7.h212"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; file descriptors: $(ulimit -n)"

echo "## Decode, in memory, one core (five runs each, alternating; compare the best of each)"
cc -O2 -o "$work/crc_pass" "$here/crc_pass.c"
for run in 1 2 3 4 5; do
  "$work/crc_pass" "$work/alldata7.h212"
  "$bin" hj212 decode --summary "$work/alldata7.h212" | tr '\n' ' '; echo
  # A harness around teafull/hjt212's decoder (Go), built outside the repository; see docs/BENCHMARKS.md.
  if [ -n "${HJT212_BENCH:-}" ]; then "$HJT212_BENCH" "$work/alldata7.h212"; fi
done

serve() {  # serve on a fresh data directory; sets $pid
  rm -rf "$work/data" && mkdir -p "$work/data"
  (cd "$work/data" && setsid "$bin" serve --http 127.0.0.1:18090 --hj212 127.0.0.1:19290 --log-level warning > serve.log 2>&1 < /dev/null &)
  for _ in $(seq 100); do curl -sf 127.0.0.1:18090/healthz > /dev/null && break; sleep 0.1; done
  pid=$(pgrep -f "serve --http 127.0.0.1:18090")
}
stop() { pkill -f "serve --http 127.0.0.1:18090"; sleep 1; }

echo "## Replay of the seven AllData hours over loopback into SQLite"
(cd "$work" && mkdir -p data && cd data && "$bin" hj212 enroll "$work/alldata7.h212" --log-level warning > /dev/null)
rm -rf "$work/enrolled" && cp -r "$work/data" "$work/enrolled"
(cd "$work/data" && setsid "$bin" serve --http 127.0.0.1:18090 --hj212 127.0.0.1:19290 --log-level warning > serve.log 2>&1 < /dev/null &)
for _ in $(seq 100); do curl -sf 127.0.0.1:18090/healthz > /dev/null && break; sleep 0.1; done
/usr/bin/time -f "replay wall: %e s" "$bin" hj212 replay --connections 300 --to 127.0.0.1:19290 "$work/alldata7.h212"
sleep 2
curl -s 127.0.0.1:18090/metrics | grep -E '^qingshan_hj212_(frames|values)_total'
stop
echo "stored rows: $(sqlite3 "$work/data/qingshan-data/qingshan.sqlite" 'select count(*) from observations')"
echo "independent count (frames passing length + CRC, distinct values): $(python3 "$here/alldata_distinct_values.py" "$work/alldata7.h212")"

echo "## End to end: simulated loggers, each sends its next upload when the last is answered"
for loggers in 100 1000; do
  serve
  before=$(awk '{print $14+$15}' /proc/$pid/stat)
  (cd "$work/data" && "$bin" simulate --devices "$loggers" --interval 0 --duration 15 --to 127.0.0.1:19290 --log-level warning)
  after=$(awk '{print $14+$15}' /proc/$pid/stat)
  echo "serve: CPU $(( (after - before) / 100 )) s, RSS $(( $(ps -o rss= -p "$pid") / 1024 )) MiB, rows $(sqlite3 "$work/data/qingshan-data/qingshan.sqlite" 'select count(*) from observations')"
  stop
done

echo "## 10,000 idle connections (one upload an hour each)"
serve
echo "serve RSS before: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
(cd "$work/data" && "$bin" simulate --devices 10000 --interval 3600 --duration 45 --to 127.0.0.1:19290 --log-level warning > "$work/idle.out" 2>&1) &
sleep 40
echo "connections: $(curl -s 127.0.0.1:18090/metrics | awk '/^qingshan_hj212_connections /{print $2}'), serve RSS: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
wait
tail -3 "$work/idle.out"
stop
