#!/usr/bin/env python3
"""Writes N hourly AQI input rows (time,so2,no2,pm10,co,o3,pm25) from the UCI PRSA files, cycling through
them; CO converted from µg/m³ to mg/m³. Usage: prsa_aqi_rows.py N FILE... > rows.csv"""
import csv
import sys

count = int(sys.argv[1])
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["time", "so2", "no2", "pm10", "co", "o3", "pm25"])
written = 0
while written < count:
    for path in sys.argv[2:]:
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                def cell(name):
                    value = row[name]
                    return "" if value in ("", "NA") else value
                co = cell("CO")
                time = f"{int(row['year']):04d}-{int(row['month']):02d}-{int(row['day']):02d}T{int(row['hour']):02d}:00:00+08:00"
                out.writerow([time, cell("SO2"), cell("NO2"), cell("PM10"),
                              "" if co == "" else repr(float(co) / 1000), cell("O3"), cell("PM2.5")])
                written += 1
                if written == count:
                    sys.exit(0)
