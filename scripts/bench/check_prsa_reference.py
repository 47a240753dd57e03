#!/usr/bin/env python3
"""Reads every PRSA site's PM2.5 for 2014, 2015 and 2016 back through the API and compares the plain mean and
the count of valid hours with the reference table published with the UCI data set (its README).

usage: check_prsa_reference.py PORT [SITE:YEAR ...]   exit status 0 when every site-year asked for (all 36 by
default) agrees; make test asks for Dongsi:2016, the fixture it imports
"""
import http.client, sys

# site: (2014 mean, valid h), (2015 …), (2016 …) — the data set's reference table.
REFERENCE = {
    "Aotizhongxin": ((90.80, 8255), (82.12, 8544), (74.10, 8607)),
    "Changping": ((79.41, 8479), (69.62, 8428), (61.66, 8670)),
    "Dingling": ((74.16, 8539), (64.61, 8651), (59.83, 8478)),
    "Dongsi": ((87.47, 8663), (87.34, 8633), (80.23, 8431)),
    "Guanyuan": ((88.38, 8556), (82.41, 8643), (77.14, 8644)),
    "Gucheng": ((89.25, 8581), (83.63, 8594), (77.43, 8640)),
    "Huairou": ((77.30, 8430), (70.65, 8601), (61.13, 8628)),
    "Nongzhanguan": ((90.30, 8571), (85.97, 8506), (76.03, 8663)),
    "Shunyi": ((84.58, 8569), (81.28, 8636), (71.77, 8463)),
    "Tiantan": ((86.62, 8399), (82.61, 8606), (73.92, 8658)),
    "Wanliu": ((89.48, 8667), (80.54, 8613), (71.42, 8681)),
    "Wanshouxigong": ((89.08, 8551), (84.71, 8538), (78.54, 8588)),
}

port = int(sys.argv[1])
wanted = set(sys.argv[2:])
conn = http.client.HTTPConnection("127.0.0.1", port)
failures = 0
print("| site | year | reference mean | API mean | reference hours | API hours | agree |")
print("|---|---|---|---|---|---|---|")
for site, years in REFERENCE.items():
    for year, (mean, hours) in zip((2014, 2015, 2016), years):
        if wanted and f"{site}:{year}" not in wanted:
            continue
        conn.request("GET", f"/api/v1/sites/prsa-{site.lower()}/observations?parameter=pm25&interval=hour"
                     f"&from={year}-01-01T00:00:00%2B08:00&to={year + 1}-01-01T00:00:00%2B08:00&format=csv")
        rows = conn.getresponse().read().decode().splitlines()[1:]
        values = [float(r.split(",")[1]) for r in rows]
        got = round(sum(values) / len(values), 2) if values else float("nan")
        ok = got == mean and len(values) == hours
        failures += not ok
        print(f"| {site} | {year} | {mean:.2f} | {got:.2f} | {hours} | {len(values)} | {'yes' if ok else 'NO'} |")
asked = len(wanted) or 36
print(f"{asked - failures} of {asked} site-years agree")
sys.exit(1 if failures or asked == 0 else 0)
