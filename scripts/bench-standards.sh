#!/usr/bin/env bash
# Standards benchmarks (issue 4), which fail on any difference: `qingshan calc aqi` against a plain Python implementation of the same rules
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
/usr/bin/time -f "qingshan calc aqi: %e s, peak RSS %M KB" "$bin" calc aqi --period hour --edition 2012 < "$work/rows.csv" > "$work/ours.csv" 2> "$work/ours.err" \
  || { tail -5 "$work/ours.err"; echo "qingshan calc aqi failed" >&2; exit 1; }
tail -1 "$work/ours.err"
/usr/bin/time -f "python: %e s, peak RSS %M KB" python3 "$here/aqi_python.py" < "$work/rows.csv" > "$work/python.csv" 2> "$work/python.err"
tail -1 "$work/python.err"
# Every row's aqi, level and primary pollutants; any difference (or a different row count) fails the script.
python3 "$here/compare_aqi.py" "$work/ours.csv" "$work/python.csv"

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
            # HJ 663 has no period mean for CO and O3 (percentiles only); the script computes one anyway.
            if key == "periodMeanUnrounded" and row["pollutant"] in ("CO", "O3") and a is None:
                continue
            if a is None and b is None:
                continue
            checked += 1
            if (a is None) != (b is None) or (a is not None and abs(a - b) > 1e-9):
                differ += 1
                print("differs:", other["station"], row["pollutant"], key, a, b)
stations = sum(1 for _ in open(sys.argv[2]))
print(f"compared {checked} statistics of {len(ours)} sites, {differ} differ")
if differ or checked == 0 or stations != len(ours):
    sys.exit(f"the evaluation differs from the independent computation ({stations} stations there, {len(ours)} here)")
PY
fi
