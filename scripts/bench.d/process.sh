# Process (issue 5): one full-density REACH ALL day (1,105,920 records, the reference's CSV form)
# turned into the L1C CDF by `ferry process` and by the reference's pandas + spacepy transform
# (Benchmarks/reference_process.py), same input, same disk, same run; both products are then
# checked to hold the same values. Wall time is best of PROCESS_RUNS (default 3); peak memory is
# the largest maximum resident set size of those runs (/usr/bin/time -v).
set -euo pipefail
runs="${PROCESS_RUNS:-3}"
day=2025-09-01
input_dir=bench-out/reach-day
input="$input_dir/REACH-ALL_20250901T000000_20250902T000000.csv"
[ -f "$input" ] || "$FERRY_PYTHON" Benchmarks/make_reach_day.py "$input_dir" "$day" >/dev/null
work=bench-out/process
peak() { grep "Maximum resident" "$1" | awk '{print $6}'; }
seconds() { grep "Elapsed (wall clock)" "$1" | awk '{print $NF}' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
cat "$input" > /dev/null   # both start from a warm page cache

best_ferry=999999; best_python=999999; ferry_kb=0; python_kb=0
for i in $(seq "$runs"); do
  rm -rf "$work"; mkdir -p "$work/ferry"
  # A fresh ledger each time, so every run does the day's work instead of skipping it.
  /usr/bin/time -v -o "$work/ferry.time" "$FERRY_BIN/ferry" process --start-date "$day" --end-date "$day" \
    --input-dir "$input_dir" --output-dir "$work/ferry" --telemetry-file "$work/ledger.csv" >/dev/null
  t=$(seconds "$work/ferry.time"); kb=$(peak "$work/ferry.time")
  best_ferry=$(python3 -c "print(min($best_ferry, $t))"); ferry_kb=$(( kb > ferry_kb ? kb : ferry_kb ))

  /usr/bin/time -v -o "$work/python.time" "$FERRY_PYTHON" Benchmarks/reference_process.py "$input" "$work/python.cdf" >/dev/null
  t=$(seconds "$work/python.time"); kb=$(peak "$work/python.time")
  best_python=$(python3 -c "print(min($best_python, $t))"); python_kb=$(( kb > python_kb ? kb : python_kb ))
done
ferry_cdf=$(find "$work/ferry" -name 'reach_all_l1c_prelim_*.cdf')
"$FERRY_PYTHON" Benchmarks/compare_l1c.py "$ferry_cdf" "$work/python.cdf"

echo "one full-density ALL day ($(du -m "$input" | cut -f1) MB CSV, $(($(wc -l < "$input") - 1)) records) -> L1C CDF, best of $runs:"
echo "  ferry  ${best_ferry}s  peak ${ferry_kb} KB"
echo "  python ${best_python}s  peak ${python_kb} KB  (pandas + spacepy)"
python3 -c "print(f'  speed-up {$best_python/$best_ferry:.1f}x (target >= 5x); memory ratio ferry/python {$ferry_kb/$python_kb:.3f} (target <= 0.333)')"
