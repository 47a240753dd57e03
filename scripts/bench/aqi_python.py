#!/usr/bin/env python3
"""The hourly AQI of HJ 633-2012 in plain Python, for comparison with `qingshan calc aqi --period hour`.

Same rules: inputs rounded half to even (whole µg/m³, CO to 0.1 mg/m³) from their decimal text, exact
interpolation with integers, IAQI rounded up, SO2 above 800 µg/m³ in an hour left out, 爆表 above the table.
Reads CSV (so2,no2,pm10,co,o3,pm25 among the columns) on standard input, writes aqi,level,primary per row.
"""
import csv
import sys
from decimal import Decimal, ROUND_HALF_EVEN

INDEXES = [0, 50, 100, 150, 200, 300, 400, 500]
COLUMNS = {  # hourly columns; CO in tenths of mg/m³
    "so2": [0, 150, 500, 650, 800],
    "no2": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "pm10": [0, 50, 150, 250, 350, 420, 500, 600],
    "co": [0, 50, 100, 350, 600, 900, 1200, 1500],
    "o3": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "pm25": [0, 35, 75, 115, 150, 250, 350, 500],
}
LABELS = {"so2": "SO2", "no2": "NO2", "pm10": "PM10", "co": "CO", "o3": "O3", "pm25": "PM2.5"}
ORDER = ["so2", "no2", "pm10", "co", "o3", "pm25"]


def sub_index(name, text):
    quantum = Decimal("0.1") if name == "co" else Decimal("1")
    value = Decimal(text).quantize(quantum, rounding=ROUND_HALF_EVEN)
    c = int(value * 10) if name == "co" else int(value)
    points = COLUMNS[name]
    if c > points[-1]:
        return None if name == "so2" else 500
    row = 0
    while row + 1 < len(points) - 1 and c > points[row + 1]:
        row += 1
    rise, run = INDEXES[row + 1] - INDEXES[row], points[row + 1] - points[row]
    return INDEXES[row] + -(-(rise * (c - points[row])) // run)


def level(aqi):
    for bound, lvl in ((50, 1), (100, 2), (150, 3), (200, 4), (300, 5)):
        if aqi <= bound:
            return lvl
    return 6


def main():
    reader = csv.DictReader(sys.stdin)
    out = csv.writer(sys.stdout)
    out.writerow(["aqi", "level", "primary"])
    for row in reader:
        indexes = {}
        for name in ORDER:
            text = row[name].strip()
            if text:
                result = sub_index(name, text)
                if result is not None:
                    indexes[name] = result
        if not indexes:
            out.writerow(["", "", ""])
            continue
        aqi = max(indexes.values())
        primary = ",".join(LABELS[n] for n in ORDER if indexes.get(n) == aqi) if aqi > 50 else ""
        out.writerow([aqi, level(aqi), primary])


main()
