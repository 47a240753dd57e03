#!/usr/bin/env python3
"""Compares `qingshan calc aqi` output with aqi_python.py's, row by row: aqi, level and primary pollutants.
Both files must have the same number of rows. Exits 1 on any difference (printing the first five).
usage: compare_aqi.py OURS.csv PYTHON.csv"""
import csv
import sys

ours = list(csv.reader(open(sys.argv[1])))[1:]
theirs = list(csv.reader(open(sys.argv[2])))[1:]
if len(ours) != len(theirs):
    sys.exit(f"row counts differ: qingshan {len(ours)}, python {len(theirs)}")
differ = 0
for a, b in zip(ours, theirs):
    # Ours ends in aqi, level, category, primary; a 爆表 AQI is written >500 where the release writes 500.
    mine = [a[-4].replace(">500", "500"), a[-3], a[-1]]
    if mine != b:
        differ += 1
        if differ <= 5:
            print("differs:", a, b)
print(f"compared {len(ours)} rows, {differ} differ")
sys.exit(1 if differ else 0)
