# Sourced by the check and bench scripts: start_serve LOG ARGS… runs `"$bin" serve ARGS…` in the background with
# its output in LOG, and sets `pid` and `port` (the HTTP port it logs, for `--http 127.0.0.1:0`); fails with
# the log when it does not come up within 30 s.
start_serve() {
  local log="$1"; shift
  "$bin" serve "$@" > "$log" 2>&1 < /dev/null &
  pid=$!
  port=""
  for _ in $(seq 1 300); do
    port="$(sed -n 's/.*HTTP listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)"
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "serve did not start:"; cat "$log"; return 1
}
