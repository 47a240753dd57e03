#!/usr/bin/env bash
# Runs the PyPI SensorThings clients (frost-sta-client, stapy) against a live `qingshan serve` holding the PRSA
# Dongsi 2016 fixture (scripts/check/sta_clients.py). Needs the debug build (make test builds it) and
# python3-venv; installs the clients into .build/sta-clients-venv. Usage: scripts/check/sta-clients.sh
set -euo pipefail
bin="${QINGSHAN_BINARY:-$(pwd)/.build/debug/qingshan}"
venv="$(pwd)/.build/sta-clients-venv"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check frost-sta-client==1.1.53 stapy==0.3.1
work="$(mktemp -d /tmp/qingshan-sta-clients.XXXXXX)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" import prsa --data-directory "$work/data" Tests/QingshanServerTests/Fixtures/PRSA_Data_Dongsi_2016.csv > "$work/import.log" 2>&1
QINGSHAN_API_WRITE_TOKEN=sta-clients-token-0123456789 "$bin" serve --data-directory "$work/data" --http 127.0.0.1:0 --hj212 127.0.0.1:0 \
  > "$work/serve.log" 2>&1 < /dev/null &
pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/.*HTTP listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "serve did not start:"; cat "$work/serve.log"; exit 1; }
"$venv/bin/python" scripts/check/sta_clients.py "http://127.0.0.1:$port" sta-clients-token-0123456789
