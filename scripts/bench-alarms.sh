#!/usr/bin/env bash
# Ingest with the alarm engine on and off, side by side (issue 13: on must run at ≥ 0.9 of off). The seven
# AllData hours (real HJ 212 traffic: hourly and real-time values of 284 sources) replayed over loopback into a
# fresh SQLite store, three runs each, alternating. Ingest ends when the stored rows stop changing (most 2005
# frames ask for no answer, so the replay may finish before the gateway has committed them); with the engine on,
# also the time until every stored hour is judged. Needs the release build (make release), sqlite3 and curl.
# Usage: scripts/bench-alarms.sh
set -euo pipefail
data="${QINGSHAN_DATA:-../shared/data}/hj212-alldata"
bin="$(pwd)/.build/release/qingshan"
work="$(mktemp -d /tmp/qingshan-bench-alarms.XXXXXX)"
trap 'pkill -f "serve --http 127.0.0.1:18093" 2>/dev/null || true; rm -rf "$work"' EXIT
cat "$data"/*.h212 > "$work/alldata7.h212"
mkdir -p "$work/enrolled" && (cd "$work/enrolled" && "$bin" hj212 enroll "$work/alldata7.h212" --log-level warning > /dev/null)
echo "machine: $(nproc) cores; frames: $(wc -l < "$work/alldata7.h212")"
for run in 1 2 3; do
  for engine in true false; do
    rm -rf "$work/data" && cp -r "$work/enrolled" "$work/data"
    (cd "$work/data" && QINGSHAN_ALARMS_ENABLED=$engine setsid "$bin" serve --http 127.0.0.1:18093 --hj212 127.0.0.1:19293 \
      --log-level warning > serve.log 2>&1 < /dev/null &)
    for _ in $(seq 100); do curl -sf 127.0.0.1:18093/healthz > /dev/null && break; sleep 0.1; done
    db="$work/data/qingshan-data/qingshan.sqlite"
    start=$(date +%s.%N)
    "$bin" hj212 replay --connections 300 --to 127.0.0.1:19293 "$work/alldata7.h212" > "$work/replay.log" 2>&1
    # The last commit: the row count unchanged over five looks 0.2 s apart.
    previous=-1; same=0; end=$(date +%s.%N)
    while [ "$same" -lt 5 ]; do
      count=$(sqlite3 "$db" 'select count(*) from observations')
      if [ "$count" = "$previous" ]; then same=$((same + 1)); else same=0; previous=$count; end=$(date +%s.%N); fi
      sleep 0.2
    done
    # With the engine on: how long until every stored hour is judged.
    judged=""
    if [ "$engine" = true ]; then
      for _ in $(seq 600); do [ "$(sqlite3 "$db" 'select count(*) from alarm_pending')" = 0 ] && break; sleep 0.1; done
      judged=", all hours judged $(printf '%.1f' "$(echo "$(date +%s.%N) - $end" | bc)") s after the replay, alarms $(sqlite3 "$db" 'select count(*) from alarms')"
    fi
    pkill -f "serve --http 127.0.0.1:18093"; sleep 1
    rows=$(sqlite3 "$db" 'select count(*) from observations')
    printf 'run %s, engine %-5s: ingest %.2f s, %s rows stored%s\n' "$run" "$engine" "$(echo "$end - $start" | bc)" "$rows" "$judged"
  done
done
