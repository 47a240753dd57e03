#!/usr/bin/env python3
"""Compares `qingshan calc aqi` output with aqi_python.py's, row by row: aqi, level and primary pollutants.
Both files must have the same number of rows. Exits 1 on any difference (printing the first five).
usage: compare_aqi.py OURS.csv PYTHON.csv"""
import csv
import sys

rows = list(csv.reader(open(sys.argv[1])))
columns = {name: index for index, name in enumerate(rows[0])}
ours = rows[1:]
theirs = list(csv.reader(open(sys.argv[2])))[1:]
if len(ours) != len(theirs):
    sys.exit(f"row counts differ: qingshan {len(ours)}, python {len(theirs)}")
differ = 0
for a, b in zip(ours, theirs):
    mine = [a[columns["aqi"]], a[columns["level"]], a[columns["primary"]]]
    if mine != b:
        differ += 1
        if differ <= 5:
            print("differs:", a, b)
print(f"compared {len(ours)} rows, {differ} differ")
sys.exit(1 if differ else 0)
