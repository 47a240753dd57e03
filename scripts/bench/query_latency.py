#!/usr/bin/env python3
"""p50/p99 of one site, one parameter, one year of hourly data: through the API, and straight from SQLite.

usage: query_latency.py PORT SQLITE_FILE [REQUESTS]
"""
import http.client, sqlite3, statistics, sys, time

port, db, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200
path = ("/api/v1/sites/prsa-dongsi/observations?parameter=a34004&interval=hour"
        "&from=2015-01-01T00:00:00%2B08:00&to=2016-01-01T00:00:00%2B08:00")

def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000

def api(fmt):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    times, size = [], 0
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", path + fmt)
        body = conn.getresponse().read()
        times.append(time.perf_counter() - start)
        size = len(body)
    return times, size

def raw():
    conn = sqlite3.connect(db)
    site = conn.execute("SELECT id FROM sites WHERE code = 'prsa-dongsi'").fetchone()[0]
    times, rows = [], 0
    for _ in range(n):
        start = time.perf_counter()
        rows = len(conn.execute(
            "SELECT period_start, value, flag FROM observations WHERE site_id = ? AND parameter = 'a34004' "
            "AND interval_code = 'hour' AND period_start >= ? AND period_start < ? ORDER BY period_start",
            (site, 1420041600000, 1451577600000)).fetchall())
        times.append(time.perf_counter() - start)
    return times, rows

for label, (times, size) in [("API JSON (limit=10000)", api("&limit=10000")), ("API CSV", api("&format=csv")),
                             ("sqlite3 (Python, same SQL)", raw())]:
    print(f"| {label} | {n} | {pct(times, 50):.2f} | {pct(times, 99):.2f} | {size} |")
