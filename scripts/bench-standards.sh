#!/usr/bin/env bash
# Standards benchmarks (issue 4): `qingshan calc aqi` against a plain Python implementation of the same rules
# on the same 1,000,000 hourly rows (built from the UCI PRSA files), in one run; outputs compared row by row.
# Needs the release build (make release) and python3. Usage: scripts/bench-standards.sh [ROWS]
set -euo pipefail
rows="${1:-1000000}"
data="${QINGSHAN_DATA:-../shared/data}/beijing-multisite-aq"
bin="$(pwd)/.build/release/qingshan"
here="$(pwd)/scripts/bench"
work="$(mktemp -d /tmp/qingshan-bench-standards.XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$here/prsa_aqi_rows.py" "$rows" "$data"/PRSA_Data_*_20130301-20170228.csv > "$work/rows.csv"
echo "input: $(( $(wc -l < "$work/rows.csv") - 1 )) rows, $(( $(wc -c < "$work/rows.csv") / 1048576 )) MiB"
/usr/bin/time -f "qingshan calc aqi: %e s, peak RSS %M KB" "$bin" calc aqi --period hour --edition 2012 < "$work/rows.csv" > "$work/ours.csv" 2> "$work/ours.err" || true
tail -1 "$work/ours.err"
/usr/bin/time -f "python: %e s, peak RSS %M KB" python3 "$here/aqi_python.py" < "$work/rows.csv" > "$work/python.csv" 2> "$work/python.err"
tail -1 "$work/python.err"
# Columns aqi, level, primary of ours (the last four are aqi, level, category, primary).
python3 - "$work/ours.csv" "$work/python.csv" <<'PY'
import csv, sys
ours = csv.reader(open(sys.argv[1])); theirs = csv.reader(open(sys.argv[2]))
next(ours); next(theirs)
rows = differ = 0
for a, b in zip(ours, theirs):
    rows += 1
    mine = [a[-4].replace(">500", "500"), a[-3], a[-1]]
    if mine != b:
        differ += 1
        if differ <= 5: print("differs:", a, b)
print(f"compared {rows} rows, {differ} differ")
PY
