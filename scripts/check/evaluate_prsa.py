#!/usr/bin/env python3
"""Independent HJ 663 statistics from UCI PRSA CSV files, to check `qingshan evaluate air`.

Usage: evaluate_prsa.py FILE [FILE ...] --from YYYY-MM-DD --to YYYY-MM-DD

Written from the rules, not from the Swift code: hours are read as exact decimals (CO µg/m³ → mg/m³),
a day (Beijing time; PRSA's `hour` is the start of the hour) has a 24-hour mean when it has at least 20
hours, rounded half-to-even to whole µg/m³ (CO 0.1 mg/m³); O3's daily maximum 8-hour mean is the largest of
the 17 moving means ending at 08..24 h, each from at least 6 hours and rounded to whole µg/m³, valid with at
least 14 of them or when it exceeds 160. Period mean = mean of the valid daily values; percentiles with
NumPy's default (linear) method: SO2/NO2 98th, PM10/PM2.5/CO 95th, O3 90th. Prints one JSON object per
station, keyed like the `pollutants` of `qingshan evaluate air --format json`.
"""
import argparse
import csv
import datetime
import json
from decimal import Decimal
from fractions import Fraction

import numpy as np

COLUMNS = {"SO2": "SO2", "NO2": "NO2", "PM10": "PM10", "CO": "CO", "O3": "O3", "PM2.5": "PM2.5"}
DECIMALS = {"CO": 1}
PERCENTILE = {"SO2": 98, "NO2": 98, "PM10": 95, "PM2.5": 95, "CO": 95, "O3": 90}
DAILY_LIMIT = {"SO2": 150, "NO2": 80, "PM10": 150, "PM2.5": 75, "CO": 4, "O3": 160}


def rounded(value, decimals):
    # round() on a Fraction rounds exact halves to even.
    return Fraction(round(value * 10**decimals), 10**decimals)


def mean(values):
    return sum(values, Fraction(0)) / len(values)


def evaluate(path, first, last):
    days = (last - first).days + 1
    hours = {name: {} for name in COLUMNS}
    station = None
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            station = row["station"]
            day = datetime.date(int(row["year"]), int(row["month"]), int(row["day"]))
            index = (day - first).days
            if not 0 <= index < days:
                continue
            for name, column in COLUMNS.items():
                text = row[column]
                if text == "NA":
                    continue
                value = Fraction(Decimal(text))
                if name == "CO":
                    value /= 1000
                hours[name][index * 24 + int(row["hour"])] = value
    result = {"station": station, "pollutants": {}}
    for name in COLUMNS:
        series = hours[name]
        daily = []
        for day in range(days):
            values = [series.get(day * 24 + h) for h in range(24)]
            if name == "O3":
                windows = []
                for end in range(7, 24):
                    present = [v for v in values[end - 7:end + 1] if v is not None]
                    if len(present) >= 6:
                        windows.append(rounded(mean(present), 0))
                if windows and (len(windows) >= 14 or max(windows) > 160):
                    daily.append(max(windows))
            else:
                present = [v for v in values if v is not None]
                if len(present) >= 20:
                    daily.append(rounded(mean(present), DECIMALS.get(name, 0)))
        floats = np.array([float(v) for v in daily])
        result["pollutants"][name] = {
            "validHours": len(series),
            "hourlyMean": float(mean(list(series.values()))) if series else None,
            "validDays": len(daily),
            "periodMeanUnrounded": float(floats.mean()) if daily else None,
            "percentileValue": float(np.percentile(floats, PERCENTILE[name])) if daily else None,
            "exceedanceDays": int(sum(1 for v in daily if v > DAILY_LIMIT[name])),
        }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--from", dest="first", required=True)
    parser.add_argument("--to", dest="last", required=True)
    args = parser.parse_args()
    first = datetime.date.fromisoformat(args.first)
    last = datetime.date.fromisoformat(args.last)
    for path in args.files:
        print(json.dumps(evaluate(path, first, last), sort_keys=True))


if __name__ == "__main__":
    main()
