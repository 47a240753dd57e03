#!/usr/bin/env python3
"""The outside probe of issue 10, replayed against a live `qingshan serve` as an anonymous (or token-holding)
client would send it, with the crash inputs exactly as reported. Each check asserts what the server now
answers, and after every check the server must still answer /healthz within 100 ms.

Starts its own `serve` on the given data directory (PRSA Dongsi 2016 imported, a city token issued) with a
descriptor limit of 1,024 and short HTTP and HJ 212 deadlines, so that the slow-client checks take seconds.
Standard library only. Usage: hostile_client.py QINGSHAN_BINARY DATA_DIRECTORY CITY_TOKEN
Exits non-zero, naming the check, on the first failure.
"""
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hj212frame import upload  # noqa: E402

BINARY, DATA, TOKEN = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(20261207)
failures = []


def start_server():
    def limit_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

    env = dict(os.environ, QINGSHAN_HTTP_IDLE_TIMEOUT="2", QINGSHAN_HJ212_FRAME_TIMEOUT="2",
               QINGSHAN_HJ212_PASSWORD_BACKOFF="3", QINGSHAN_API_RATE_LIMIT="0", QINGSHAN_API_TOKEN_RATE_LIMIT="0")
    log = open(os.path.join(DATA, "hostile-serve.log"), "w")
    process = subprocess.Popen([BINARY, "serve", "--data-directory", DATA, "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"],
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                               preexec_fn=limit_descriptors)
    ports = {}
    deadline = time.time() + 60
    while time.time() < deadline and len(ports) < 2:
        text = open(log.name).read()
        for kind, port in re.findall(r"(HTTP|HJ 212) listening on 127\.0\.0\.1:(\d+)", text):
            ports[kind] = int(port)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    if len(ports) < 2:
        print(open(log.name).read())
        sys.exit("hostile checks: serve did not start")
    return process, ports["HTTP"], ports["HJ 212"], log.name


process, HTTP, HJ212, LOG = start_server()


def rss_mb():
    for line in open(f"/proc/{process.pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def request(raw, timeout=30.0):
    """Sends raw bytes on a new connection, reading the answer while it sends (as a browser does: the server may
    answer before it has read all of a body it refuses); returns (status, headers, body, seconds to the answer)."""
    started = time.time()
    with socket.create_connection(("127.0.0.1", HTTP), timeout=timeout) as connection:
        def send():
            try:
                connection.sendall(raw)
            except OSError:
                pass  # the server answered and closed before reading all of it
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        data = b""
        answered = None
        while True:
            try:
                chunk = connection.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            match = re.search(rb"(?i)content-length: *(\d+)", head)
            if match and len(body) >= int(match.group(1)):
                answered = time.time()
                break
        seconds = (answered or time.time()) - started
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body, seconds


def get(target, headers=None, method="GET", body=b""):
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method in ("POST", "PUT"):
        lines.append(f"Content-Length: {len(body)}")
    return request(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


def problem_code(body):
    try:
        return json.loads(body).get("code")
    except ValueError:
        return None


def healthy(name):
    if process.poll() is not None:
        failures.append(f"{name}: the server died (exit {process.returncode})")
        print(open(LOG).read()[-4000:])
        report()
    status, _, _, seconds = get("/healthz")
    if status != 200 or seconds > 0.1:
        # One retry: the first request after a burst may wait on a busy core of this two-core machine.
        status, _, _, seconds = get("/healthz")
    if status != 200 or seconds > 0.1:
        failures.append(f"{name}: /healthz answered {status} in {seconds * 1000:.0f} ms afterwards")


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)
    if not condition:
        failures.append(f"{name}: {detail}")
    healthy(name)


def report():
    if failures:
        print("\n".join(["hostile checks failed:"] + failures))
        process.kill()
        sys.exit(1)


def quote(text):
    return urllib.parse.quote(text, safe="")


# 1. The two one-request crashes, exactly as given.
deep = "(" * 20000 + "id eq 1" + ")" * 20000
status, _, body, _ = get("/sta/v1.1/Things?$filter=" + deep)
check("20,000 nested parentheses", status in (414, 431) and problem_code(body) in ("uri_too_long", "headers_too_large"), f"{status} {body[:200]}")
minus = "result eq " + "-" * 60000 + "1"
status, _, body, _ = get("/sta/v1.1/Things?$filter=" + quote(minus))
check("60,000 unary minus signs", status in (414, 431) and problem_code(body) is not None, f"{status} {body[:200]}")
status, _, body, _ = get("/sta/v1.1/Things?$filter=" + quote("(" * 100 + "id eq 1" + ")" * 100))
check("100 nested parentheses within the URL limit", status == 400 and problem_code(body) == "filter_too_deep", f"{status} {body[:200]}")
for target in ["/sta/v1.1/Observations?$skip=9223372036854775807&$top=1",
               "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$skip=9223372036854775807&$top=1",
               "/sta/v1.1/Observations?$skip=9223372036854775807&$top=1&$orderby=result%20desc"]:
    status, _, body, _ = get(target.replace("'", "%27"))
    check(f"integer overflow {target[:60]}", status == 400 and problem_code(body) == "skip_too_large", f"{status} {body[:200]}")

# 3. Memory and time: four sorts by result at once, a filter matching nothing, a deep $expand.
before = rss_mb()
results = []


def sort_by_result():
    results.append(get("/sta/v1.1/Observations?$orderby=result%20desc&$top=1"))


threads = [threading.Thread(target=sort_by_result) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
slowest = max(r[3] for r in results)
check("four $orderby=result desc&$top=1 at once", all(r[0] == 200 for r in results) and slowest < 2.0,
      f"statuses {[r[0] for r in results]}, slowest {slowest:.2f} s")
check("resident memory after the sorts", rss_mb() - before < 150, f"{before:.0f} -> {rss_mb():.0f} MB")
status, _, body, seconds = get("/sta/v1.1/Observations?$filter=" + quote("result eq -12345"))
check("a filter that matches nothing", status == 200 and seconds < 1.5, f"{status} in {seconds:.2f} s")
status, _, body, seconds = get("/sta/v1.1/Observations?$filter=" + quote("result mul 1 eq -12345"))
check("a filter evaluated on every row", (status == 200 or problem_code(body) == "query_too_costly") and seconds < 3,
      f"{status} in {seconds:.2f} s {body[:200]}")
expand = "Datastreams($expand=" * 1499 + "Datastreams" + ")" * 1499
status, _, body, seconds = get("/sta/v1.1/Things?$expand=" + quote(expand))
check("$expand nested 1,500 levels", status in (400, 414, 431) and seconds < 1, f"{status} in {seconds:.2f} s")

# 4. Descriptors and slow clients (the server runs with 1,024 descriptors; 1,500 idle HJ 212 connections).
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
idle = []
for _ in range(1500):
    try:
        idle.append(socket.create_connection(("127.0.0.1", HJ212), timeout=5))
    except OSError:
        break
time.sleep(1)
check("HTTP answers with 1,500 idle HJ 212 connections", len(idle) > 0, "no connection opened")
for connection in idle:
    connection.close()
slow = socket.create_connection(("127.0.0.1", HTTP), timeout=10)
slow.sendall(b"GET /healthz HTTP/1.1\r\nHo")
started = time.time()
closed = False
while time.time() - started < 8 and not closed:
    try:
        slow.sendall(b"s")
        time.sleep(0.5)
    except OSError:
        closed = True
check("a slow-header HTTP client is cut off", closed and time.time() - started < 6, f"open {time.time() - started:.1f} s")
idle_http = socket.create_connection(("127.0.0.1", HTTP), timeout=10)
started = time.time()
check("an idle HTTP connection is closed", idle_http.recv(1) == b"" and time.time() - started < 6, f"open {time.time() - started:.1f} s")
trickle = socket.create_connection(("127.0.0.1", HJ212), timeout=10)
frame = upload("MN-TRICKLE", "x")
started = time.time()
closed = False
for byte in frame:
    try:
        trickle.sendall(bytes([byte]))
        time.sleep(0.3)
    except OSError:
        closed = True
        break
    if time.time() - started > 8:
        break
check("a 1-byte-per-interval HJ 212 frame is cut off", closed or time.time() - started < 6, f"open {time.time() - started:.1f} s")

# 5. /metrics: strangers' MNs add no series.
status, _, metrics_before, _ = get("/metrics")
stranger = socket.create_connection(("127.0.0.1", HJ212), timeout=10)
stranger.sendall(b"".join(upload(f"RANDOM{random.randrange(10**12)}", "x") for _ in range(2000)))
time.sleep(1)
stranger.close()
status, _, metrics_after, _ = get("/metrics")
check("2,000 frames from random MNs add no /metrics series", status == 200 and b"RANDOM" not in metrics_after
      and len(metrics_after) - len(metrics_before) < 4000, f"{len(metrics_before)} -> {len(metrics_after)} bytes")

# 6. Bodies.
before = rss_mb()
auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
for size in (30 << 20, 9 << 20):
    status, _, body, seconds = get("/sta/v1.1/Observations", auth, "POST", b"[" + b"1," * (size // 2 - 1) + b"1]")
    check(f"a {size >> 20} MB POST", status == 413 and problem_code(body) == "body_too_large" and seconds < 1, f"{status} in {seconds:.2f} s")
# Without a length (chunked), the body is cut where it passes the limit.
chunk = b"1," * 32768
chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(200)) + b"0\r\n\r\n"
status, _, body, seconds = request(("POST /sta/v1.1/CreateObservations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                    f"Authorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n").encode() + chunked)
check("a 12 MB chunked POST", status == 413 and problem_code(body) == "body_too_large" and seconds < 2, f"{status} in {seconds:.2f} s {body[:200]}")
check("resident memory after large bodies", rss_mb() - before < 100, f"{before:.0f} -> {rss_mb():.0f} MB")

# 7. Future data: REST and the gateway.
status, _, body, _ = get("/api/v1/sites/2195A/observations", auth, "POST",
                         b'{"parameter": "a34004", "items": [{"time": "9999-12-31T23:00:00+08:00", "value": 10}]}')
check("REST data dated 9999", status == 400 and problem_code(body) == "time_in_future", f"{status} {body[:200]}")
status, _, body, _ = get("/api/v1/devices/MN-HOSTILE", auth, "PUT", b'{"site": "2195A", "password": "right"}')
check("a device registered for the gateway checks", status in (200, 201), f"{status} {body[:200]}")
logger = socket.create_connection(("127.0.0.1", HJ212), timeout=3)
logger.sendall(upload("MN-HOSTILE", "right", "20991231235900"))
try:
    answer = logger.recv(4096)
except socket.timeout:
    answer = b""
check("a frame dated 2099 is not acknowledged", b"CN=9014" not in answer, answer[:100])
status, _, body, _ = get("/api/v1/sites/2195A/latest")
check("/latest shows no future value", status == 200 and b"2099" not in body and b"9999" not in body, body[:200])

# 8. Device passwords: the connection closes after a few guesses; the address is backed off.
guesser = socket.create_connection(("127.0.0.1", HJ212), timeout=5)
closed_after = None
for guess in range(2000):
    try:
        guesser.sendall(upload("MN-HOSTILE", f"guess{guess}"))
    except OSError:
        closed_after = guess
        break
    if guess % 50 == 49:
        time.sleep(0.05)
check("2,000 wrong passwords on one connection", closed_after is not None and closed_after < 200, f"still open after {closed_after}")
retry = socket.create_connection(("127.0.0.1", HJ212), timeout=5)
retry.sendall(upload("MN-HOSTILE", "right"))
try:
    answer = retry.recv(4096)
except (socket.timeout, ConnectionResetError):
    answer = b""
check("the right password during the back-off", b"CN=9014" not in answer, answer[:100])

# 9. Smaller ones.
status, _, body, _ = get("/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$top=0&$count=true".replace("'", "%27"))
check("$top=0 has no next link", status == 200 and b"nextLink" not in body and b'"@iot.count":' in body, body[:200])
status, _, body, _ = request(b"GET /sta/v1.1/Things?$top=1 HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n")
check("the Host header is not copied into links", status == 200 and b"evil.example.com" not in body, body[:200])
status, _, body, _ = get("/sta/v1.1/Things?$top=1", {"Authorization": f"bearer {TOKEN}"})
check("the scheme 'bearer' in lower case", status == 200, f"{status} {body[:200]}")
status, _, body, _ = get("/api/v1/sites?kind=" + "a" * 20000)
check("an over-long URL", status in (414, 431) and problem_code(body) is not None, f"{status} {body[:200]}")
status, _, body, _ = get("/api/v1/sites", {"X-Padding": "b" * 100000})
check("over-long headers", status == 431 and problem_code(body) == "headers_too_large", f"{status} {body[:200]}")
status, headers, body, _ = get("/api/v1/sites", method="DELETE")
check("a wrong method", status == 405 and headers.get("allow") == "GET", f"{status} {headers.get('allow')}")
status, _, body, _ = get("/sta/v1.1/Observations?$orderby=" + quote("result gt"))
check("an $orderby error names $orderby", status == 400 and b"$orderby" in body and b"$filter" not in body, body[:200])
status, _, body, _ = get("/api/v1/sites/prsa-dongsi/observations?parameter=pm25&format=csv")
lines = body.count(b"\n")
check("a CSV export of a whole series", status == 200 and lines > 8000, f"{status}, {lines} lines")

# The server stops cleanly.
process.send_signal(signal.SIGTERM)
try:
    code = process.wait(timeout=30)
except subprocess.TimeoutExpired:
    process.kill()
    code = "no exit in 30 s"
print(("ok   " if code == 0 else "FAIL ") + f"SIGTERM: exit {code}")
if code != 0:
    failures.append(f"SIGTERM: exit {code}")
report()
print(f"hostile checks: all passed ({BINARY})")
