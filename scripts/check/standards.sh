#!/usr/bin/env bash
# The standards comparisons of scripts/bench-standards.sh and scripts/bench-foundation.sh on the data in the
# repository, as part of make test: `qingshan calc aqi` against the plain Python HJ 633 on every hour of the
# PRSA Dongsi 2016 fixture (aqi, level, primary pollutants, row by row). Fails on any difference.
# The PRSA reference table (site-years through the API) runs in scripts/check/live-server.sh.
# Usage: scripts/check/standards.sh   (needs the debug build)
set -euo pipefail
bin="${QINGSHAN_BINARY:-$(pwd)/.build/debug/qingshan}"
work="$(mktemp -d /tmp/qingshan-standards.XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 scripts/bench/prsa_aqi_rows.py 8784 Tests/QingshanServerTests/Fixtures/PRSA_Data_Dongsi_2016.csv > "$work/rows.csv"
"$bin" calc aqi --period hour --edition 2012 < "$work/rows.csv" > "$work/ours.csv" 2> "$work/ours.err" \
  || { tail -5 "$work/ours.err"; echo "qingshan calc aqi failed" >&2; exit 1; }
python3 scripts/bench/aqi_python.py < "$work/rows.csv" > "$work/python.csv"
python3 scripts/bench/compare_aqi.py "$work/ours.csv" "$work/python.csv"
