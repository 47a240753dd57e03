#!/usr/bin/env python3
"""Normal requests alone, then the same normal requests beside a hostile mix, against a live `qingshan serve`
(loopback, bounded): reports each phase's latency percentiles of the normal requests and the server's peak
resident memory. Normal load: an open loop of RATE requests a second with a token (a SensorThings page of 100
filtered Observations, a REST page, /latest), so that latency is measured at a fixed offered load, not at
saturation. Hostile mix, anonymous: the probe's requests (sorts by result, filters evaluated on every row,
deep $filter and $expand, huge $skip, 9 MB bodies), 200 slow-header HTTP connections, 1,000 idle HJ 212
connections, a password guesser and frames from random MNs.

usage: hostile_mix.py HTTP_PORT HJ212_PORT TOKEN SERVER_PID [SECONDS] [RATE] [HOSTILE_RATE]
HOSTILE_RATE (default 100) is the hostile requests a second, twice what the default anonymous rate limit
lets through: bounded, because a client on the same two cores that only floods measures the machine, not the
server's defences.
Prints a Markdown table; exits 1 when the normal p99 beside the mix is over twice its p99 alone.
"""
import random
import socket
import sys
import threading
import time
import os
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "check"))
from hj212frame import frame  # noqa: E402

HTTP, HJ212, TOKEN, PID = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
SECONDS = float(sys.argv[5]) if len(sys.argv) > 5 else 20
RATE = float(sys.argv[6]) if len(sys.argv) > 6 else 50
HOSTILE_RATE = float(sys.argv[7]) if len(sys.argv) > 7 else 100
random.seed(20261207)


def rss_mb():
    for line in open(f"/proc/{PID}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def http(target, headers=None, method="GET", body=b"", timeout=30):
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", HTTP), timeout=timeout) as connection:
        try:
            connection.sendall(raw)
        except OSError:
            pass
        data = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0, time.perf_counter() - started


q = urllib.parse.quote
NORMAL = [
    "/sta/v1.1/Datastreams(%27prsa-dongsi:a34004:hour%27)/Observations?$top=100&$filter="
    + q("phenomenonTime ge 2016-03-01T00:00:00+08:00 and result gt 100"),
    "/api/v1/sites/prsa-dongsi/observations?parameter=pm25&from=2016-03-01T00:00:00%2B08:00&limit=100",
    "/api/v1/sites/prsa-dongsi/latest",
]


def normal_phase(seconds, stop):
    """Open loop: a request every 1/RATE s on its own thread; returns the latencies of the normal requests."""
    latencies, errors, threads = [], [], []

    def one(target):
        status, seconds_taken = http(target, {"Authorization": f"Bearer {TOKEN}"})
        (latencies if status == 200 else errors).append((seconds_taken, status))

    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < seconds:
        due = start + n / RATE
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=one, args=(NORMAL[n % len(NORMAL)],))
        thread.start()
        threads.append(thread)
        n += 1
    for thread in threads:
        thread.join()
    stop.set()
    return sorted(l for l, _ in latencies), errors


def hostile(stop, counts):
    deep = "(" * 20000 + "id eq 1" + ")" * 20000
    requests = [
        ("/sta/v1.1/Observations?$orderby=result%20desc&$top=1", "GET", b""),
        ("/sta/v1.1/Observations?$filter=" + q("result mul 1 eq -12345"), "GET", b""),
        ("/sta/v1.1/Observations?$filter=" + q("result eq -12345"), "GET", b""),
        ("/sta/v1.1/Things?$filter=" + deep, "GET", b""),
        ("/sta/v1.1/Things?$filter=" + q("(" * 100 + "id eq 1" + ")" * 100), "GET", b""),
        ("/sta/v1.1/Observations?$skip=9223372036854775807&$top=1", "GET", b""),
        ("/sta/v1.1/Things?$expand=" + q("Datastreams($expand=" * 20 + "Datastreams" + ")" * 20), "GET", b""),
        ("/sta/v1.1/Observations", "POST", b"[" + b"1," * (9 << 19) + b"1]"),
    ]
    # For finding which part of the mix costs what: HOSTILE_ONLY=3,4 keeps those requests of the list.
    only = os.environ.get("HOSTILE_ONLY")
    if only:
        requests = [requests[int(n)] for n in only.split(",")]
    pause = 4 / HOSTILE_RATE  # four threads
    while not stop.is_set():
        started = time.perf_counter()
        target, method, body = random.choice(requests)
        status, _ = http(target, method=method, body=body)
        counts[status] = counts.get(status, 0) + 1
        time.sleep(max(0.0, pause - (time.perf_counter() - started)))


def slow_headers(stop):
    connections = []
    for _ in range(200):
        try:
            connection = socket.create_connection(("127.0.0.1", HTTP), timeout=5)
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHo")
            connections.append(connection)
        except OSError:
            pass
    while not stop.is_set():
        for connection in connections:
            try:
                connection.sendall(b"s")
            except OSError:
                pass
        time.sleep(1)
    for connection in connections:
        connection.close()


def gateway_abuse(stop):
    idle = []
    for _ in range(1000):
        try:
            idle.append(socket.create_connection(("127.0.0.1", HJ212), timeout=5))
        except OSError:
            break
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", HJ212), timeout=5) as connection:
                for n in range(50):
                    mn = f"RANDOM{random.randrange(10 ** 12)}" if n % 2 else "MN-BENCH"
                    connection.sendall(frame(f"QN=20240101000000000;ST=22;CN=2061;PW=guess{n};MN={mn};Flag=5;"
                                             "CP=&&DataTime=20240101000000;a34004-Avg=35,a34004-Flag=N&&"))
        except OSError:
            pass
        time.sleep(0.05)
    for connection in idle:
        connection.close()


def percentile(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000 if values else float("nan")


rows = []
peak = {}
for phase in ("alone", "beside the hostile mix"):
    stop = threading.Event()
    counts = {}
    helpers = []
    if phase != "alone":
        helpers = [threading.Thread(target=hostile, args=(stop, counts)) for _ in range(4)]
        if not os.environ.get("HOSTILE_REQUESTS_ONLY"):
            helpers += [threading.Thread(target=slow_headers, args=(stop,)), threading.Thread(target=gateway_abuse, args=(stop,))]
        for helper in helpers:
            helper.start()
        time.sleep(2)
    peak[phase] = rss_mb()
    sampler_stop = threading.Event()

    def sample():
        while not sampler_stop.is_set():
            peak[phase] = max(peak[phase], rss_mb())
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    latencies, errors = normal_phase(SECONDS, stop)
    for helper in helpers:
        helper.join()
    sampler_stop.set()
    sampler.join()
    rows.append((phase, len(latencies), len(errors), percentile(latencies, 50), percentile(latencies, 99), peak[phase], counts))

print(f"| normal requests ({RATE:.0f}/s, {SECONDS:.0f} s) | answered 200 | other | p50 ms | p99 ms | server peak RSS MiB | hostile answers by status |")
print("|---|---|---|---|---|---|---|")
for phase, ok, other, p50, p99, rss, counts in rows:
    hostile_counts = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "–"
    print(f"| {phase} | {ok} | {other} | {p50:.1f} | {p99:.1f} | {rss:.0f} | {hostile_counts} |")
ratio = rows[1][4] / rows[0][4]
print(f"\np99 beside the mix / p99 alone: {ratio:.2f} (goal ≤ 2)")
sys.exit(0 if ratio <= 2 and rows[1][2] == 0 else 1)
