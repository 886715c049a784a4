# Download (issue 3): pacing against a rate-limited UDL, throughput against a Python client built
# like the reference, and peak memory on a full-density ALL day. The simulator runs as its own
# process (`ferry sim udl`), so its work never counts in Ferry's memory.
set -euo pipefail
out=bench-out/download
rm -rf "$out"; mkdir -p "$out"
ferry="$FERRY_BIN/ferry"
sim_pid=""
start_sim() {  # start_sim <args…>: sets base and auth
  [ -z "$sim_pid" ] || { kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; }
  "$ferry" sim udl --port 0 "$@" > "$out/sim.out" 2> "$out/sim.err" &
  sim_pid=$!
  for _ in $(seq 100); do grep -q BASICAUTH "$out/sim.out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^UDL simulator at //p' "$out/sim.out")
  auth=$(sed -n "s/^BASICAUTH='\(.*\)'$/\1/p" "$out/sim.out")
}
trap '[ -z "$sim_pid" ] || kill "$sim_pid" 2>/dev/null || true' EXIT
# The simulator's counters, read with Python's urllib (a fresh machine has no curl).
stat() { python3 -c "import json, urllib.request; d = json.load(urllib.request.urlopen('$base/_sim/stats')); print(d['byOutcome'].get('$1', 0) if '$1' != 'requests' else d['requests'])"; }
now() { python3 -c 'import time; print(time.monotonic())'; }

echo "-- pacing: simulator limited to 20 req/s (burst 5), two ALL days (576 windows), seed defaults otherwise"
printf '%-34s %8s %8s %10s %8s %8s\n' client seconds "200s" "ok/s÷20" "429s" "429 %"
pace() {  # pace <label> <function>: a fresh limited simulator, then the client
  local label=$1 client=$2
  start_sim --rate-limit 20 --burst 5 --density 0.002
  local t0 t1; t0=$(now); "$client"; t1=$(now)
  local ok=$(stat 200) limited=$(stat 429) all=$(stat requests)
  python3 -c "print(f'%-34s %8.1f %8d %10.3f %8d %7.2f%%' % ('$label', $t1-$t0, $ok, $ok/($t1-$t0)/20, $limited, 100*$limited/$all))"
}
two_days() { BASICAUTH="$auth" "$ferry" download --start-date 2025-09-01 --end-date 2025-09-02 --udl-url "$base" "$@" >/dev/null 2>>"$out/ferry.err"; }
ferry_adaptive() { two_days --output-dir "$out/pace-adaptive"; }
ferry_reference() { two_days --output-dir "$out/pace-reference" --pacing reference; }
python_reference() {
  for day in 2025-09-01 2025-09-02; do
    "$FERRY_PYTHON" Benchmarks/reference_download.py "$base" "$auth" "$day" "$out/pace-python" >/dev/null
  done
}
pace "ferry (adaptive, the default)" ferry_adaptive
pace "ferry --pacing reference" ferry_reference
pace "python reference client" python_reference

density="${DOWNLOAD_THROUGHPUT_DENSITY:-0.25}"
echo "-- throughput without a limit: one ALL day at density $density, 4 concurrent requests, answers served from the simulator's cache"
start_sim --density "$density" --cache-responses
fast=(--initial-rate 1000 --min-rate 1000 --max-rate 1000 --max-concurrent-requests 4)
BASICAUTH="$auth" "$ferry" download --start-date 2025-09-01 --end-date 2025-09-01 --output-dir "$out/warm" --udl-url "$base" "${fast[@]}" >/dev/null 2>>"$out/ferry.err"
best_ferry=999; best_python=999
for i in 1 2; do
  rm -rf "$out/tp-ferry" "$out/tp-python"
  t0=$(now)
  BASICAUTH="$auth" "$ferry" download --start-date 2025-09-01 --end-date 2025-09-01 --output-dir "$out/tp-ferry" --udl-url "$base" "${fast[@]}" >/dev/null 2>>"$out/ferry.err"
  t1=$(now)
  best_ferry=$(python3 -c "print(min($best_ferry, $t1 - $t0))")
  t0=$(now)
  read -r python_records _ < <("$FERRY_PYTHON" Benchmarks/reference_download.py "$base" "$auth" 2025-09-01 "$out/tp-python" \
      --concurrency 4 --initial 1000 --min 1000 --max 1000)
  t1=$(now)
  best_python=$(python3 -c "print(min($best_python, $t1 - $t0))")
done
ferry_records=$(sed -n 's/.*,DOWNLOADED,\([0-9]*\),.*/\1/p' "$out/tp-ferry/download_telemetry.csv" | tail -1)
[ "$ferry_records" = "$python_records" ] || echo "  note: record counts differ: ferry $ferry_records python $python_records"
python3 -c "
f, p = $ferry_records / $best_ferry, $python_records / $best_python
print(f'  ferry   {$ferry_records} records in {$best_ferry:.2f} s = {f:,.0f} records/s (best of 2, whole command)')
print(f'  python  {$python_records} records in {$best_python:.2f} s = {p:,.0f} records/s')
print(f'  ratio {f/p:.1f}x (target >= 3x)')"

echo "-- peak memory: one full-density ALL day (1,105,920 records + edge records)"
start_sim --density 1
/usr/bin/time -v -o "$out/full.time" env BASICAUTH="$auth" "$ferry" download --start-date 2025-09-01 --end-date 2025-09-01 \
  --output-dir "$out/full" --udl-url "$base" --initial-rate 200 --max-rate 400 >/dev/null 2>>"$out/ferry.err"
kb=$(grep "Maximum resident" "$out/full.time" | awk '{print $6}')
wall=$(grep "Elapsed (wall" "$out/full.time" | awk '{print $8}')
records=$(sed -n 's/.*,DOWNLOADED,\([0-9]*\),.*/\1/p' "$out/full/download_telemetry.csv" | tail -1)
python3 -c "print(f'  {$records} records, {$kb/1024:.1f} MB peak resident (target <= 200 MB), wall $wall')"
