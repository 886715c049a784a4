# Dashboard (issue 13): `ferry serve`'s calendar page over a 1,000,000-row ledger (ten years of days
# reprocessed many times, Benchmarks/make_ledger.py) while a second process appends 100 rows/s
# (Benchmarks/ledger_appender.py): the first load (the whole file read), then wrk from Debian's
# packages, 4 connections for SERVE_SECONDS (default 20), its p50 and p99 latency, and the server's
# peak memory (GNU time). Targets: p99 < 50 ms, memory < 100 MB. No peer: the issue names none.
# Then `ferry report` of the same ledger: time, size and peak memory (no target).
set -euo pipefail
rows="${SERVE_ROWS:-1000000}"
seconds="${SERVE_SECONDS:-20}"
command -v wrk >/dev/null || {
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
}
work="$PWD/bench-out/serve"
rm -rf "$work"; mkdir -p "$work/ledger"
source_ledger="bench-out/ledger-${rows}.csv"
[ -f "$source_ledger" ] || "$FERRY_PYTHON" Benchmarks/make_ledger.py "$source_ledger" "$rows"
ledger="$work/ledger/download_telemetry.csv"   # served as "ledger"; a copy, since it is appended to
cp "$source_ledger" "$ledger"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/reach/ledger"

/usr/bin/time -v -o "$work/serve.time" "$FERRY_BIN/ferry" serve --telemetry-file "$ledger" --port "$port" > "$work/serve.out" 2>&1 &
serve=$!
appender=""
trap 'kill $appender 2>/dev/null || true; pkill -TERM -P $serve 2>/dev/null || true; wait $serve 2>/dev/null || true' EXIT
for _ in $(seq 200); do grep -q "ferry serve:" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
get() {  # prints seconds taken and the page's row count
  python3 - "$1" <<'PY'
import re, sys, time, urllib.request
t = time.monotonic(); body = urllib.request.urlopen(sys.argv[1]).read().decode(); t = time.monotonic() - t
m = re.search(r'id="row-count">(\d+)<', body)
cells = body.count('class="cell ')
print(f"{t:.3f} {m.group(1) if m else '?'} {cells}")
PY
}
read -r first_load first_rows cells < <(get "$url")
sleep 1.1
get "$url" > /dev/null   # starts the rebuild of the page kept a second ago
sleep 0.5
read -r warm _ _ < <(get "$url")
echo "first load (reads all $first_rows rows, $(du -m "$ledger" | cut -f1) MB, $cells day cells): ${first_load}s; a later request ${warm}s"

"$FERRY_PYTHON" Benchmarks/ledger_appender.py "$ledger" 100 $((seconds + 3)) > "$work/appended" &
appender=$!
sleep 1
wrk -t2 -c4 -d"${seconds}s" --latency "$url" > "$work/wrk.out"
wait "$appender"; appender=""
sleep 1.1
get "$url" > /dev/null
sleep 1
read -r _ last_rows _ < <(get "$url")
pkill -TERM -P "$serve"; wait "$serve" || true   # $serve is GNU time: signal its child, ferry
trap - EXIT
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
requests=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
peak_kb=$(grep "Maximum resident" "$work/serve.time" | awk '{print $6}')
echo "while appending $(cat "$work/appended") rows at 100/s (the page saw $first_rows → $last_rows rows):"
echo "  wrk 4 connections ${seconds}s: ${requests} requests/s, p50 ${p50}, p99 ${p99} (target p99 < 50ms)"
echo "  ferry serve peak memory: $((peak_kb / 1024)) MB (target < 100 MB)"
[ "$last_rows" -gt "$first_rows" ] || { echo "the page never showed the appended rows"; exit 1; }

# The same ledger as one report file (`ferry report`: every day's section, each with its last 50 rows).
/usr/bin/time -v -o "$work/report.time" "$FERRY_BIN/ferry" report --telemetry-file "$ledger" --out "$work/report.html" > /dev/null
report_s=$(awk -F': ' '/Elapsed/ {print $2}' "$work/report.time")
report_kb=$(grep "Maximum resident" "$work/report.time" | awk '{print $6}')
echo "ferry report of the same ledger: ${report_s} (m:ss), $(( $(stat -c %s "$work/report.html") / 1000000 )) MB of HTML, peak memory $((report_kb / 1024)) MB (no target)"
