# CDF (issue 4): REACH-shaped files (Benchmarks/ferry-bench/CDFBench.swift: 17,280 records a day of
# Epoch TT2000, dose_rate REAL4 32×2, six REAL8 [32] and one INT4 [32] (t, s) variables, about 33 MB)
# written and read by Ferry (CDFWriter), by NASA's C library through spacepy and by cdflib, in one
# run: a day and a file CDF_BENCH_SCALE (default 100) times larger, uncompressed and gzip level 6,
# plus one record per call; Ferry's gzip writes with libdeflate (its default where installed) and
# again with zlib; plus the physical limits: a plain write of as many bytes (dd conv=fsync)
# and a plain read of the file (dd to /dev/null; every reader reads from the page cache).
# Times are the write or read itself as each program measures it (imports and data generation
# excluded), best of CDF_BENCH_RUNS (default 5: fsync times vary on a shared disk; 1 for the large file); peak memory is the maximum
# resident set size of that process (/usr/bin/time -v). Ferry fsyncs the file before renaming it;
# the peers do not. All three read Ferry's file, one day of records per variable at a time.
set -euo pipefail
runs="${CDF_BENCH_RUNS:-5}"
scale="${CDF_BENCH_SCALE:-100}"
work=bench-out/cdf
mkdir -p "$work"
peers=Benchmarks/cdf_peers.py
results="$work/results.txt"
: > "$results"
# The machine is shared: the load average says how much else was running.
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
peak() { grep "Maximum resident" "$1" | awk '{print $6}'; }

# measure NAME RUNS COMMAND...: the command prints "<seconds> <bytes>"; records best seconds, peak KB, bytes.
measure() {
  local name=$1 n=$2; shift 2
  local best=999999 kb=0 bytes=0 out t
  for _ in $(seq "$n"); do
    sync   # nobody's dirty pages are written back during the next measurement
    out=$(/usr/bin/time -v -o "$work/time.txt" "$@")
    t=$(echo "$out" | awk '{print $1}'); bytes=$(echo "$out" | awk '{print $2}')
    best=$(python3 -c "print(min($best, $t))")
    k=$(peak "$work/time.txt"); kb=$(( k > kb ? k : kb ))
  done
  echo "$name $best $kb $bytes" | tee -a "$results"
}

# copy NAME FILE: as many bytes as FILE holds written from memory to a new file with dd and fsync
# (Ferry fsyncs too), best of runs: the disk's limit. (Copying FILE itself would also read it, from
# disk once the large files have pushed it out of the page cache.)
copy() {
  local name=$1 file=$2 n=$3 best=999999 t
  for _ in $(seq "$n"); do
    rm -f "$work/copy.cdf"; sync
    start=$(date +%s.%N)
    dd if=/dev/zero of="$work/copy.cdf" bs=4M count="$(stat -c %s "$file")" iflag=count_bytes conv=fsync status=none
    end=$(date +%s.%N)
    t=$(python3 -c "print($end - $start)")
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$name $best 0 $(stat -c %s "$file")" | tee -a "$results"
  rm -f "$work/copy.cdf"
}

# plainread NAME FILE RUNS: FILE read with dd into /dev/null, best of runs: the read limit.
plainread() {
  local name=$1 file=$2 n=$3 best=999999 t
  for _ in $(seq "$n"); do
    start=$(date +%s.%N)
    dd if="$file" of=/dev/null bs=4M status=none
    end=$(date +%s.%N)
    t=$(python3 -c "print($end - $start)")
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$name $best 0 $(stat -c %s "$file")" | tee -a "$results"
}

for size in day large; do
  if [ $size = day ]; then days=1; n=$runs; else days=$scale; n=1; fi
  for compression in none gzip; do
    measure "$size-$compression-write-ferry" $n "$FERRY_BIN/ferry-bench" cdf-write "$work/ferry-$size-$compression.cdf" $days $compression bulk
    if [ $compression = gzip ]; then
      # The same writer with zlib, the peers' deflate, instead of libdeflate: what the pipeline alone gives.
      measure "$size-gzip-write-ferryzlib" $n "$FERRY_BIN/ferry-bench" cdf-write "$work/ferryzlib-$size.cdf" $days gzip-zlib bulk
      rm -f "$work/ferryzlib-$size.cdf"
    fi
    measure "$size-$compression-write-nasa" $n "$FERRY_PYTHON" $peers nasa-write "$work/nasa-$size-$compression.cdf" $days $compression bulk
    if [ $size = day ] || [ "${CDF_BENCH_CDFLIB_LARGE:-none}" = all ] || [ $compression = none ]; then
      measure "$size-$compression-write-cdflib" $n "$FERRY_PYTHON" $peers cdflib-write "$work/cdflib-$size-$compression.cdf" $days $compression bulk
      rm -f "$work/cdflib-$size-$compression.cdf"
    fi
    measure "$size-$compression-read-ferry" $n "$FERRY_BIN/ferry-bench" cdf-read "$work/ferry-$size-$compression.cdf" $days
    measure "$size-$compression-read-nasa" $n "$FERRY_PYTHON" $peers nasa-read "$work/ferry-$size-$compression.cdf" $days
    measure "$size-$compression-read-cdflib" $n "$FERRY_PYTHON" $peers cdflib-read "$work/ferry-$size-$compression.cdf" $days
  done
  copy "$size-none-copy" "$work/ferry-$size-none.cdf" $n
  plainread "$size-none-plainread" "$work/ferry-$size-none.cdf" $n
  # The values must be identical: the peers compare Ferry's files with NASA's.
  "$FERRY_PYTHON" - "$work/ferry-$size-none.cdf" "$work/nasa-$size-none.cdf" "$work/ferry-$size-gzip.cdf" <<'PY'
import sys, numpy as np
from spacepy import pycdf
a, b, c = (pycdf.CDF(p) for p in sys.argv[1:4])
for name in b:
    n = len(b.raw_var(name))
    step = 17280 * 10
    for i in range(0, max(n, 1), step):
        x = b.raw_var(name)[i:i + step] if b.raw_var(name).rv() else b.raw_var(name)[...]
        assert np.array_equal(a.raw_var(name)[i:i + step] if a.raw_var(name).rv() else a.raw_var(name)[...], x), name
        assert np.array_equal(c.raw_var(name)[i:i + step] if c.raw_var(name).rv() else c.raw_var(name)[...], x), name
print("values identical in Ferry's (plain and gzip) and NASA's files", file=sys.stderr)
PY
  rm -f "$work"/nasa-$size-*.cdf
  [ $size = day ] || rm -f "$work"/ferry-$size-*.cdf
done
for who in ferry nasa cdflib; do
  measure "day-stream-write-$who" 1 $( [ $who = ferry ] && echo "$FERRY_BIN/ferry-bench cdf-write" || echo "$FERRY_PYTHON $peers $who-write" ) "$work/$who-stream.cdf" 1 none stream
done
rm -f "$work"/*-stream.cdf
"$FERRY_PYTHON" Benchmarks/cdf_bench_table.py "$results" "$scale"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
