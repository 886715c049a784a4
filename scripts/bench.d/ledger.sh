# Ledger (issue 2): load_state of a 1,000,000-row ledger and durable appends, Ferry against the
# seed's Python implementation (Tests/Support/python/reference_telemetry.py), same file, same disk.
# Ferry runs as ledger-bench, a binary that links only Telemetry: peak memory is the whole process's,
# so a binary that also carries Foundation, SwiftNIO and BoringSSL would be measured, not the ledger.
set -euo pipefail
rows="${LEDGER_ROWS:-1000000}"
appends="${LEDGER_APPENDS:-2000}"
ledger="bench-out/ledger-${rows}.csv"
[ -f "$ledger" ] || "$FERRY_PYTHON" Benchmarks/make_ledger.py "$ledger" "$rows"
ref=Tests/Support/python/reference_telemetry.py
peak() { grep "Maximum resident" "$1" | awk '{print $6}'; }
max() { python3 -c "import sys; print(max(int(a) for a in sys.argv[1:]))" "$@"; }
cat "$ledger" > /dev/null   # both runs start from a warm page cache

best_ferry=999; best_python=999; ferry_kb=0; python_kb=0
for i in 1 2 3; do
  read -r t days < <(/usr/bin/time -v -o bench-out/ferry-load.time "$FERRY_BIN/ledger-bench" load "$ledger")
  best_ferry=$(python3 -c "print(min($best_ferry, $t))")
  ferry_kb=$(max "$ferry_kb" "$(peak bench-out/ferry-load.time)")
  read -r t pdays < <(/usr/bin/time -v -o bench-out/python-load.time "$FERRY_PYTHON" "$ref" bench-load "$ledger")
  best_python=$(python3 -c "print(min($best_python, $t))")
  python_kb=$(max "$python_kb" "$(peak bench-out/python-load.time)")
done
[ "$days" = "$pdays" ] || { echo "day counts differ: ferry $days python $pdays"; exit 1; }
echo "load_state, $rows rows ($(du -m "$ledger" | cut -f1) MB, $days days), best of 3 (peak: the largest of the 3):"
echo "  ferry  ${best_ferry}s  peak ${ferry_kb} KB"
echo "  python ${best_python}s  peak ${python_kb} KB"
python3 -c "print(f'  speed-up {$best_python/$best_ferry:.1f}x (target >= 10x); memory ratio ferry/python {$ferry_kb/$python_kb:.2f} (target <= 1)')"

rm -f bench-out/append-ferry.csv bench-out/append-python.csv
tf=$("$FERRY_BIN/ledger-bench" append bench-out/append-ferry.csv "$appends")
tp=$("$FERRY_PYTHON" "$ref" bench-append bench-out/append-python.csv "$appends")
python3 -c "print(f'durable appends ({$appends} rows, fsync each): ferry {$appends/$tf:.0f}/s, python {$appends/$tp:.0f}/s, ratio {$tp/$tf:.2f} (target >= 1)')"
