#!/usr/bin/env bash
# Time to first byte and size of the console's pages, p50/p99 over 100 sequential loads each (curl, one
# connection at a time): the overview and a site page of the UCI Dongsi station (four years of hourly data, the
# year's AQI calendar, a chart of 72 and of 744 hours). Release build.
# Usage: scripts/bench-console.sh [LOADS]   (data: $QINGSHAN_DATA, default ../shared/data)
set -euo pipefail
loads="${1:-100}"
bin="$(pwd)/.build/release/qingshan"
data="${QINGSHAN_DATA:-../shared/data}/beijing-multisite-aq"
work="$(mktemp -d /tmp/qingshan-console-bench.XXXXXX)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" import prsa --data-directory "$work/data" "$data"/PRSA_Data_Dongsi_20130301-20170228.csv > /dev/null 2>&1
source scripts/lib/start-serve.sh
export QINGSHAN_API_RATE_LIMIT=0
start_serve "$work/serve.log" --data-directory "$work/data" --http 127.0.0.1:0 --hj212 127.0.0.1:0
echo "| page | bytes | TTFB p50 | TTFB p99 | total p50 | total p99 |"
echo "|---|---|---|---|---|---|"
for path in "/" "/sites/prsa-dongsi" "/sites/prsa-dongsi?hours=744" "/evaluation?period=2016&scope=site:prsa-dongsi"; do
  curl -s -o /dev/null "http://127.0.0.1:$port$path"  # warm: the registry snapshot, the statements
  for _ in $(seq "$loads"); do
    curl -s -o /dev/null -w "%{time_starttransfer} %{time_total} %{size_download}\n" "http://127.0.0.1:$port$path"
  done > "$work/times"
  python3 - "$path" "$work/times" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[2])]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
first = [float(r[0]) * 1000 for r in rows]
total = [float(r[1]) * 1000 for r in rows]
print(f"| `{sys.argv[1]}` | {int(rows[0][2]):,} | {pct(first, 50):.1f} ms | {pct(first, 99):.1f} ms | {pct(total, 50):.1f} ms | {pct(total, 99):.1f} ms |")
PY
done
