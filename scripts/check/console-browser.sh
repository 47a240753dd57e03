#!/usr/bin/env bash
# Drives Debian's chromium, headless, over every console page of a live `qingshan serve` holding the two
# Bayannur stations of the CNEMC release day (2195A, 2196A): no console error and no failed request on any page,
# the Chinese headings, 附二中's AQI as the API gives it, the map with its seven district shapes and every site
# marker, and the pages' content with JavaScript off. Screenshots of every page at 1366×768 and at phone width
# (390×844) are left in .build/console-screenshots/ as test artefacts. Needs the debug build (make test builds
# it), chromium, libjs-leaflet and fonts-noto-cjk (scripts/install-deps.sh test installs them).
# Usage: scripts/check/console-browser.sh
set -euo pipefail
bin="${QINGSHAN_BINARY:-$(pwd)/.build/debug/qingshan}"
shots="$(pwd)/.build/console-screenshots"
command -v chromium > /dev/null || { echo "chromium is missing: scripts/install-deps.sh test installs it"; exit 1; }
work="$(mktemp -d /tmp/qingshan-console.XXXXXX)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
rm -rf "$shots" && mkdir -p "$shots"

# The release day cut to its first three columns and the city's two stations (an import of seconds).
python3 - Tests/QingshanServerTests/Fixtures/china_sites_20170101.csv "$work/bayannur.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
keep = [0, 1, 2] + [i for i, name in enumerate(rows[0]) if name in ("2195A", "2196A")]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    csv.writer(out).writerows([[row[i] if i < len(row) else "" for i in keep] for row in rows])
EOF
"$bin" import cnemc --data-directory "$work/data" "$work/bayannur.csv" > "$work/import.log" 2>&1
source scripts/lib/start-serve.sh
# Alarms from AQI level 2 (良) on, so that the release day's hours raise some for the 告警 pages.
QINGSHAN_ALARMS_AQI_LEVEL=2 start_serve "$work/serve.log" --data-directory "$work/data" --http 127.0.0.1:0 --hj212 127.0.0.1:0
base="http://127.0.0.1:$port"
# The alarm engine judges the imported hours within seconds of the start.
alarm=""
for _ in $(seq 1 40); do
  alarm="$(curl -fsS "$base/api/v1/alarms" | python3 -c 'import json,sys; items=json.load(sys.stdin)["items"]; print(items[0]["id"] if items else "")')"
  [ -n "$alarm" ] && break
  sleep 0.5
done
[ -n "$alarm" ] || { echo "no alarm was raised from the release day's hours"; exit 1; }

# chromium URL NAME WIDTH HEIGHT [extra flags]: a screenshot, the DOM after scripts ran, and its console log.
browse() {
  local url="$1" name="$2" width="$3" height="$4"; shift 4
  timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile-$name-$width-shot" \
    --window-size="$width,$height" --virtual-time-budget=5000 --enable-logging=stderr --v=0 "$@" \
    --screenshot="$shots/$name-${width}x$height.png" "$url" > /dev/null 2> "$work/$name-$width.log" || true
  timeout 60 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile-$name-$width-dom" --window-size="$width,$height" \
    --virtual-time-budget=5000 --enable-logging=stderr --v=0 "$@" --dump-dom "$url" > "$work/$name-$width.html" 2>> "$work/$name-$width.log" || true
  # A page's own errors and failed requests reach the console log; chromium's own (D-Bus, GPU) do not count.
  if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$work/$name-$width.log" | grep -v 'dbus' > "$work/errors" ; then
    echo "console errors on $url at ${width}px:"; cat "$work/errors"; exit 1
  fi
  [ -s "$work/$name-$width.html" ] || { echo "no DOM for $url"; cat "$work/$name-$width.log"; exit 1; }
}
expect() { grep -q -- "$2" "$work/$1" || { echo "$1 lacks: $2"; exit 1; }; }

pages=("overview /" "site /sites/2195A" "evaluation /evaluation" "devices /devices" "map /map" "open-data /open-data" "alarms /alarms"
  "alarm /alarms/$alarm" "sign-in /sign-in" "plan /plan")
for page in "${pages[@]}"; do
  set -- $page
  for size in "1366 768" "390 844"; do browse "$base$2" "$1" $size; done
done
# Every script, style sheet and image a page loads answers 200 (a failed load of a file need not reach the console).
for file in "$work"/*-1366.html "$work"/*-390.html; do
  for ref in $(grep -oE '<(script|link|img)[^>]+(src|href)="/[^"]*"' "$file" | sed -E 's/.*(src|href)="([^"]*)"/\2/' | sort -u); do
    curl -fsS -o /dev/null "$base$ref" || { echo "$(basename "$file") loads $ref, which fails"; exit 1; }
  done
done
browse "$base/?lang=en" overview-en 1366 768
expect overview-en-1366.html "<h1>Overview</h1>"
expect overview-1366.html "<h1>总览</h1>"
expect site-1366.html "<h1>附二中</h1>"
expect devices-1366.html "<h1>设备</h1>"
expect map-1366.html "<h1>一张图</h1>"
expect evaluation-1366.html "<h1>评价</h1>"
expect open-data-1366.html "<h1>开放数据</h1>"
expect alarms-1366.html "<h1>告警</h1>"
expect alarms-1366.html "<a href=\"/alarms/$alarm\">"
expect alarm-1366.html "<h2>证据</h2>"
expect alarm-1366.html "<svg class=\"chart\""
expect sign-in-1366.html "<h1>登录</h1>"
expect plan-1366.html "<h1>规划指标</h1>"
expect plan-1366.html "城市空气质量优良天数比例"
expect sign-in-390.html 'name="password" type="password"'
# The first start printed the administrator's one-time password once, on standard output (not in the log).
grep -q "一次性密码" "$work/serve.log" || { echo "serve did not print the administrator's one-time password"; exit 1; }

# 附二中's AQI on the page is the API's.
aqi="$(curl -fsS "$base/api/v1/aqi/latest" | python3 -c 'import json,sys; print([i["aqi"]["aqi"] for i in json.load(sys.stdin)["items"] if i["code"] == "2195A"][0])')"
expect overview-1366.html "<a href=\"/sites/2195A\">附二中</a></td><td class=\"num\">$aqi</td>"
expect site-1366.html "<div class=\"aqi-value\">$aqi</div>"

# The overview refreshed itself from /events/overview (live.js marks the body), and the stream answers at once.
expect overview-1366.html 'data-live="1"'
timeout 5 curl -sN "$base/events/overview" > "$work/events.txt" || true
expect events.txt "event: overview"

# The map drew the seven districts and every site the GeoJSON holds (map.js records what it drew).
sites="$(curl -fsS "$base/map/data.json" | python3 -c 'import json,sys; print(sum(1 for f in json.load(sys.stdin)["features"] if f["properties"]["layer"] == "site"))')"
expect map-1366.html 'data-regions="7"'
expect map-1366.html "data-sites=\"$sites\""
[ "$(grep -o 'leaflet-interactive' "$work/map-1366.html" | wc -l)" -ge $((7 + sites)) ] || { echo "the map lacks shapes or markers"; exit 1; }

# JavaScript off: every page's content is in the HTML the server sends (headless chromium neither dumps nor
# screenshots a page with scripts disabled, so the HTML is fetched as such a browser gets it).
for page in "overview /" "site /sites/2195A" "devices /devices"; do
  set -- $page
  curl -fsS "$base$2" > "$work/$1-noscript.html"
done
expect overview-noscript.html "<a href=\"/sites/2195A\">附二中</a></td><td class=\"num\">$aqi</td>"
expect site-noscript.html "<svg class=\"chart\""
expect devices-noscript.html "<h1>设备</h1>"
echo "console in chromium: ${#pages[@]} pages at 1366×768 and 390×844, no console error, AQI $aqi for 附二中 as the API gives, map with 7 districts and $sites sites; screenshots in .build/console-screenshots"
