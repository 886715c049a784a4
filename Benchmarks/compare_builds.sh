#!/usr/bin/env bash
# Two builds of Ferry alternated in one session on the same inputs, so a change is told apart from
# the machine: `ferry process` of the full-density day that `scripts/bench process` made, `ferry
# download` of one ALL day from the cached simulator, and `ferry-bench cdf-write` of one day.
#   Benchmarks/compare_builds.sh OLD_BIN_DIR NEW_BIN_DIR
# Each *_BIN_DIR holds `ferry` and `ferry-bench` of a release build, e.g. for the commit before a
# change: `git worktree add ../old REV && (cd ../old && swift build -c release)`, then
# ../old/.build/release. Prints every timing; take the best (and median) per build.
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1" new="$2"
input=bench-out/reach-day
[ -f "$input/REACH-ALL_20250901T000000_20250902T000000.csv" ] || { echo "run scripts/bench process first" >&2; exit 2; }
work="$(mktemp -d)"; sim=""
trap '[ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"' EXIT
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

cat "$input"/*.csv > /dev/null
for round in 1 2 3; do
  for which in old new; do
    bin="$old"; [ "$which" = new ] && bin="$new"
    rm -rf "$work/p"; mkdir -p "$work/p"
    t0=$(now)
    "$bin/ferry" process --start-date 2025-09-01 --end-date 2025-09-01 --input-dir "$input" \
      --output-dir "$work/p" --telemetry-file "$work/p/ledger.csv" > /dev/null
    echo "process $which $(elapsed "$t0" "$(now)") s"
  done
done

"$new/ferry" sim udl --port 0 --density 0.25 --cache-responses > "$work/sim.out" 2> /dev/null &
sim=$!
until grep -q BASICAUTH "$work/sim.out" 2> /dev/null; do sleep 0.1; done
base="$(sed -n 's/^UDL simulator at //p' "$work/sim.out")"
BASICAUTH="$(sed -n "s/^BASICAUTH='\(.*\)'\$/\1/p" "$work/sim.out")"
export BASICAUTH
fast=(--initial-rate 1000 --min-rate 1000 --max-rate 1000 --max-concurrent-requests 4)
"$new/ferry" download --start-date 2025-09-01 --end-date 2025-09-01 --output-dir "$work/warm" --udl-url "$base" "${fast[@]}" > /dev/null 2>&1
for round in 1 2 3 4; do
  for which in old new; do
    bin="$old"; [ "$which" = new ] && bin="$new"
    rm -rf "$work/d-$which"
    t0=$(now)
    "$bin/ferry" download --start-date 2025-09-01 --end-date 2025-09-01 --output-dir "$work/d-$which" \
      --udl-url "$base" "${fast[@]}" > /dev/null 2>&1
    echo "download $which $(elapsed "$t0" "$(now)") s"
  done
done
artifact=REACH-ALL_20250901T000000_20250902T000000.csv
cmp -s "$work/d-old/$artifact" "$work/d-new/$artifact" && echo "download artifacts identical" || echo "download artifacts DIFFER"

for compression in gzip none; do
  for round in 1 2 3 4 5; do
    for which in old new; do
      bin="$old"; [ "$which" = new ] && bin="$new"
      rm -f "$work/day.cdf"; sync
      echo "cdf-write $compression $which $("$bin/ferry-bench" cdf-write "$work/day.cdf" 1 "$compression" bulk | cut -d' ' -f1) s"
    done
  done
done
