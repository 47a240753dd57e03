#!/usr/bin/env bash
# Standards benchmarks (issue 4): `qingshan calc aqi` against a plain Python implementation of the same rules
# on the same 1,000,000 hourly rows (built from the UCI PRSA files), in one run; outputs compared row by row.
# Then the HJ 663 evaluation of 12 sites x 4 years from the store (SKIP_EVALUATION=1 leaves it out).
# Needs the release build (make release), python3 and NumPy. Usage: scripts/bench-standards.sh [ROWS]
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

# Annual evaluation (HJ 663) of the 12 PRSA sites over their four years, from the store: import once, then
# `qingshan evaluate air` with all 12 sites; beside it the independent NumPy script on the CSV files (no store).
# Statistics compared site by site.
if [ "${SKIP_EVALUATION:-0}" != "1" ]; then
  files=("$data"/PRSA_Data_*_20130301-20170228.csv)
  /usr/bin/time -f "import 12 PRSA files: %e s, peak RSS %M KB" "$bin" import prsa --data-directory "$work/store" "${files[@]}" > "$work/import.out" 2> "$work/import.err"
  tail -1 "$work/import.err"
  grep -E "rollups computed" "$work/import.out" || true
  sites=()
  for f in "${files[@]}"; do
    name="$(basename "$f" _20130301-20170228.csv)"; sites+=(--site "prsa-$(echo "${name#PRSA_Data_}" | tr 'A-Z' 'a-z')")
  done
  /usr/bin/time -f "qingshan evaluate air, 12 sites x 4 years: %e s, peak RSS %M KB" "$bin" evaluate air "${sites[@]}" \
    --from 2013-03-01 --to 2017-02-28 --format json --data-directory "$work/store" --log-level error > "$work/evaluation.json" 2> "$work/evaluate.err"
  tail -1 "$work/evaluate.err"
  /usr/bin/time -f "python evaluate_prsa.py, 12 files: %e s, peak RSS %M KB" python3 scripts/check/evaluate_prsa.py "${files[@]}" \
    --from 2013-03-01 --to 2017-02-28 > "$work/independent.jsonl" 2> "$work/independent.err"
  tail -1 "$work/independent.err"
  python3 - "$work/evaluation.json" "$work/independent.jsonl" <<'PY'
import json, sys
ours = {r["name"]: r for r in json.load(open(sys.argv[1]))}
checked = differ = 0
for line in open(sys.argv[2]):
    other = json.loads(line)
    report = ours[other["station"]]
    for row in report["pollutants"]:
        theirs = other["pollutants"][row["pollutant"]]
        for key in ("validHours", "validDays", "exceedanceDays", "hourlyMean", "percentileValue", "periodMeanUnrounded"):
            a, b = row.get(key), theirs.get(key)
            if key == "periodMeanUnrounded" and a is None:
                continue
            checked += 1
            if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9):
                differ += 1
                print("differs:", other["station"], row["pollutant"], key, a, b)
print(f"compared {checked} statistics of {len(ours)} sites, {differ} differ")
PY
fi
