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
source scripts/lib/start-serve.sh
start_serve "$work/serve.log" --data-directory "$work/data" --http 127.0.0.1:0 --hj212 127.0.0.1:0
# The UCI data set's own reference table: the 2016 PM2.5 mean and valid hours of Dongsi, read back as CSV.
python3 scripts/bench/check_prsa_reference.py "$port" Dongsi:2016 | tail -1
"$venv/bin/python" scripts/check/sta_clients.py "http://127.0.0.1:$port" "$token"
# Schemathesis as each role would use the API (bounded: a fixed seed so that a failure can be replayed). The
# document's examples name a site with data and a registered logger, so site and device operations reach
# their answers rather than 404. The city token writes; the others are refused where the document says.
curl -fsS -X PUT -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"site": "2195A", "password": "123456"}' "http://127.0.0.1:$port/api/v1/devices/MN-EXAMPLE" > /dev/null
declare -A role_tokens=([city]="$token")
role_tokens[county]="$("$bin" token create --data-directory "$work/data" --role county --scope 150802 --name "schemathesis county" 2> /dev/null)"
role_tokens[enterprise]="$("$bin" token create --data-directory "$work/data" --role enterprise --scope E01 --name "schemathesis enterprise" 2> /dev/null)"
role_tokens[reader]="$("$bin" token create --data-directory "$work/data" --role reader --name "schemathesis reader" 2> /dev/null)"
role_tokens[admin]="$("$bin" token create --data-directory "$work/data" --role admin --name "schemathesis admin" 2> /dev/null)"
role_tokens[station]="$("$bin" token create --data-directory "$work/data" --role station --name "schemathesis station" 2> /dev/null)"
role_tokens[anonymous]=""
for role in city admin station county enterprise reader anonymous; do
  header=()
  [ -n "${role_tokens[$role]}" ] && header=(-H "Authorization: Bearer ${role_tokens[$role]}")
  examples=15; [ "$role" = city ] || examples=5
  (cd "$work" && "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    -c not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    -n "$examples" --request-timeout 20 --seed 20261129 "${header[@]}" --no-color) > "$work/schemathesis-$role.log" 2>&1 \
    || { cat "$work/schemathesis-$role.log"; echo "schemathesis found problems as $role (above)"; exit 1; }
  echo "schemathesis as $role: $(sed -n '/SUMMARY/,$p' "$work/schemathesis-$role.log" | grep -E 'passed|failed' | head -2 | tr '\n' ' ')"
done
