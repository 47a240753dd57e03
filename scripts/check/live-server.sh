#!/usr/bin/env bash
# Checks a live `qingshan serve` holding the PRSA Dongsi 2016 fixture: first the hostile-client checks
# (scripts/check/hostile_client.py, standard library only, on a serve of its own with 1,024 descriptors), then
# with clients from PyPI: the SensorThings clients frost-sta-client and stapy (scripts/check/sta_clients.py), then schemathesis against
# /api/v1/openapi.json (no server error, answers that match the document), writes included. Needs the debug
# build (make test builds it) and python3-venv; installs into .build/sta-clients-venv.
# Usage: scripts/check/live-server.sh
set -euo pipefail
bin="${QINGSHAN_BINARY:-$(pwd)/.build/debug/qingshan}"
venv="$(pwd)/.build/sta-clients-venv"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check frost-sta-client==1.1.53 stapy==0.3.1 schemathesis==4.32.5
work="$(mktemp -d /tmp/qingshan-sta-clients.XXXXXX)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" import prsa --data-directory "$work/data" Tests/QingshanServerTests/Fixtures/PRSA_Data_Dongsi_2016.csv > "$work/import.log" 2>&1
# The writer's token is issued as the bureau would issue one (only its hash is stored).
token="$("$bin" token create --data-directory "$work/data" --role city --name "STA clients check" 2> /dev/null)"
python3 scripts/check/hostile_client.py "$bin" "$work/data" "$token"
"$bin" serve --data-directory "$work/data" --http 127.0.0.1:0 --hj212 127.0.0.1:0 > "$work/serve.log" 2>&1 < /dev/null &
pid=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/.*HTTP listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "serve did not start:"; cat "$work/serve.log"; exit 1; }
# The UCI data set's own reference table: the 2016 PM2.5 mean and valid hours of Dongsi, read back as CSV.
python3 scripts/bench/check_prsa_reference.py "$port" Dongsi:2016 | tail -1
"$venv/bin/python" scripts/check/sta_clients.py "http://127.0.0.1:$port" "$token"
# Bounded: 15 examples an operation, a fixed seed so that a failure can be replayed.
(cd "$work" && "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  -c not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  -n 15 --request-timeout 20 --seed 20261129 -H "Authorization: Bearer $token" --no-color) > "$work/schemathesis.log" 2>&1 \
  || { cat "$work/schemathesis.log"; echo "schemathesis found problems (above)"; exit 1; }
sed -n '/SUMMARY/,$p' "$work/schemathesis.log"
