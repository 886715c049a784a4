# Packaging (seed 003): about 4 GB of raw files (4,000 of 4-256 KiB plus 7 of 500 MiB, random bytes so
# nothing compresses; Benchmarks/make_package_tree.py, made once into bench-out/) laid out as
# {obs_unit}/{module}/** so the manager makes 4 packages, built by the real CLI (`ferry package init`,
# `register --scan`, `manager --once` untimed, then `worker --until-idle` timed, on a SQLite database)
# against, on the same files and disk in the same run:
#   peer:  what a shell worker does for the same 4 packages: `tar -cf - DIR | tee PKG.tar | sha256sum`,
#          `sync PKG.tar` (Ferry fsyncs its tar before renaming it into place, so the peer does too),
#          then `sha256sum` of every member;
#   plain: the disk's own read + write of the same bytes: `cat` of every file into one file, then
#          `sync FILE`: no tar can be faster than reading its members and writing them once;
#   direct: the same read + write the way Ferry does its I/O (each file's pages dropped once read,
#          the output written past the page cache with O_DIRECT, fsync; Benchmarks/plain_direct_copy.py).
#          The lower of the two is the floor the target is judged against.
# The page cache is dropped before each measurement (otherwise a later run reads what an earlier one
# left in memory); where that is not allowed the script says so and everything is measured warm.
# PACKAGE_ROUNDS (default 3) rounds, each Ferry, then the peer, then plain, then direct; medians and spread.
set -euo pipefail
rounds="${PACKAGE_ROUNDS:-3}"
concurrency="${PACKAGE_CONCURRENCY:-1}"
work="$PWD/bench-out/package"
copier="$PWD/Benchmarks/plain_direct_copy.py"
tree="$work/tree"
mkdir -p "$work"
if [ ! -f "$tree.complete" ]; then
  rm -rf "$tree"
  echo "writing the raw-data tree into $tree (once)" >&2
  "$FERRY_PYTHON" Benchmarks/make_package_tree.py "$tree" >&2
fi
read -r files bytes < <(cd "$tree" && find . -type f -printf '%s\n' | awk '{n++; s+=$1} END {printf "%d %.0f\n", n, s}')
packages=($(cd "$tree" && find . -mindepth 2 -maxdepth 2 -type d | sed 's|^\./||' | sort))

cache=cold
if ! { sync && echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then
  cache=warm
  echo "cannot drop the page cache here (not root, or /proc/sys read-only): every side is measured warm" >&2
fi
# Before each measurement: cold, or (when dropping is refused) every source byte read once, so all
# three sides start equally warm.
start_state() {
  if [ "$cache" = cold ]; then sync; echo 3 > /proc/sys/vm/drop_caches
  else (cd "$tree" && find . -type f -print0 | xargs -0 cat > /dev/null); sync; fi
}
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$(now)"; }
peak() { grep "Maximum resident" "$1" | awk '{print $6}'; }

ferry() { "$FERRY_BIN/ferry" package "$@" --database "sqlite:$work/ferry/ferry.db"; }
ferry_times=(); peer_times=(); plain_times=(); direct_times=(); ferry_kb=0
for round in $(seq "$rounds"); do
  # Ferry: a fresh database and buffer each round; only the worker is timed.
  rm -rf "$work/ferry" "$work/peer" "$work/plain.bin"
  mkdir -p "$work/ferry/buffer"
  cat > "$work/ferry/sites.yaml" <<YAML
sites:
  - name: Bench Observatory
    short_name: bench
    locations:
      - {name: telescope, type: SOURCE, storage: disk, path: $tree}
      - {name: buffer, type: BUFFER, storage: disk, path: $work/ferry/buffer, priority: 10}
instruments:
  - name: Prime-Cam
    modules: [pc-280, pc-350]
YAML
  ferry init --config "$work/ferry/sites.yaml" > /dev/null
  ferry register --location telescope --scan > /dev/null
  queued=$(ferry manager --once | grep -c '^queued')
  [ "$queued" = "${#packages[@]}" ] || { echo "the manager queued $queued packages, expected ${#packages[@]}"; exit 1; }
  start_state
  start=$(now)
  /usr/bin/time -v -o "$work/ferry-worker.time" "$FERRY_BIN/ferry" package worker --until-idle --poll-interval 0.1 \
    --concurrency "$concurrency" --database "sqlite:$work/ferry/ferry.db" > /dev/null
  ferry_times+=("$(since "$start")")
  kb=$(peak "$work/ferry-worker.time"); ferry_kb=$(( kb > ferry_kb ? kb : ferry_kb ))
  # Every package built, and (first round) each tar's bytes hash to what Ferry recorded in one pass.
  ferry status --json > "$work/ferry/status.json"
  python3 - "$work/ferry/status.json" "$work/ferry/buffer" "$round" "$files" <<'PY'
import hashlib, json, sys
status = json.load(open(sys.argv[1]))
done = [p for p in status["packages"] if p["status"] == "COMPLETED"]
assert len(done) == len(status["packages"]), f"not every package was built: {[p['status'] for p in status['packages']]}"
assert sum(len(p["files"]) for p in done) == int(sys.argv[4]), "not every file was packaged"
if sys.argv[3] == "1":
    for package in done:
        digest = hashlib.sha256()
        with open(f"{sys.argv[2]}/{package['path']}", "rb") as tar:
            while chunk := tar.read(8 << 20):
                digest.update(chunk)
        assert digest.hexdigest() == package["sha256"], f"{package['name']}: recorded sha256 differs from the tar's"
PY
  rm -rf "$work/ferry/buffer"

  # The peer: the same 4 packages one after the other, as Ferry's worker with --concurrency 1 builds them.
  mkdir -p "$work/peer"
  start_state
  start=$(now)
  for package in "${packages[@]}"; do
    name="${package//\//_}"
    (cd "$tree" && tar -cf - "$package" | tee "$work/peer/$name.tar" | sha256sum > "$work/peer/$name.tar.sha256")
    sync "$work/peer/$name.tar"
    (cd "$tree" && find "$package" -type f -print0 | sort -z | xargs -0 sha256sum > "$work/peer/$name.members.sha256")
  done
  peer_times+=("$(since "$start")")
  [ "$(cat "$work"/peer/*.members.sha256 | wc -l)" = "$files" ] || { echo "the peer hashed a different number of files"; exit 1; }
  rm -rf "$work/peer"

  # Plain read + write of the same bytes.
  start_state
  start=$(now)
  (cd "$tree" && find . -type f -print0 | sort -z | xargs -0 cat > "$work/plain.bin")
  sync "$work/plain.bin"
  plain_times+=("$(since "$start")")
  [ "$(stat -c %s "$work/plain.bin")" = "$bytes" ] || { echo "plain copy has the wrong size"; exit 1; }
  rm -f "$work/plain.bin"

  # Plain read + write with Ferry's I/O: pages of each file dropped once read, output past the cache.
  start_state
  start=$(now)
  (cd "$tree" && find . -type f -print0 | sort -z | "$FERRY_PYTHON" "$copier" "$work/plain.bin")
  direct_times+=("$(since "$start")")
  [ "$(stat -c %s "$work/plain.bin")" = "$bytes" ] || { echo "direct copy has the wrong size"; exit 1; }
  rm -f "$work/plain.bin"
  echo "  round $round: ferry ${ferry_times[-1]}s, peer ${peer_times[-1]}s, plain ${plain_times[-1]}s, direct ${direct_times[-1]}s" >&2
done

python3 - "$files" "$bytes" "${#packages[@]}" "$cache" "$concurrency" "$ferry_kb" \
  "${ferry_times[*]}" "${peer_times[*]}" "${plain_times[*]}" "${direct_times[*]}" <<'PY'
import statistics, sys
files, size, packages, cache, concurrency, kb = sys.argv[1:7]
ferry, peer, plain, direct = ([float(t) for t in arg.split()] for arg in sys.argv[7:11])
gb = int(size) / 1e9
def row(name, times, note=""):
    m = statistics.median(times)
    print(f"  {name:<7}{m:7.2f}s median ({min(times):.2f}-{max(times):.2f})  {gb / m * 1000:5.0f} MB/s{note}")
print(f"packaging {files} files, {gb:.2f} GB, into {packages} packages; page cache {cache} before each measurement; "
      f"{len(ferry)} rounds, median (min-max):")
row("ferry", ferry, f"  peak {kb} KB  (ferry package worker --until-idle --concurrency {concurrency})")
row("peer", peer, "  (tar -cf - | tee PKG.tar | sha256sum; sync PKG.tar; sha256sum of every member)")
row("plain", plain, "  (cat of every file into one file; sync)")
row("direct", direct, "  (the same copy, sources' pages dropped once read, output O_DIRECT; fsync)")
fm, pm, qm, dm = (statistics.median(t) for t in (ferry, peer, plain, direct))
vs_peer = [p / f for f, p in zip(ferry, peer)]
# The floor in each round is the faster of the two plain copies.
floor = [min(q, d) for q, d in zip(plain, direct)]
vs_floor = [f / q for f, q in zip(ferry, floor)]
print(f"  peer/ferry {pm / fm:.2f}x (rounds {min(vs_peer):.2f}-{max(vs_peer):.2f}; target >= 1.3)")
print(f"  ferry/plain {fm / qm:.2f}x, ferry/direct {fm / dm:.2f}x")
print(f"  ferry/floor {fm / statistics.median(floor):.2f}x (rounds {min(vs_floor):.2f}-{max(vs_floor):.2f}; target <= 1.2)")
PY
