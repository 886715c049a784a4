# Station staging (issue 12): STAGE_FILES (default 500) products of STAGE_MIB (default 8) MiB from
# `ferry sim station --kind auxip` into `rclone serve s3` (SigV4) and a catalog, 5 workers each, in
# the same run, alternating, each side into a fresh prefix and collection:
#   ferry: `ferry stage ... --max-workers 5` (SQLite queue, its own 5 workers): each product streamed
#          from the station straight into S3 (multipart), MD5 checked, item published;
#   peer:  Benchmarks/staging_peer.py, the seed's flow with the usual libraries: 5 threads, each file
#          `requests` → temporary file → MD5 → boto3 `upload_file` → item published.
# Two catalogs: a static one (Ferry's directory catalog; the peer writes item files), and
# stac-fastapi-pgstac on PostgreSQL + PostGIS (both POST through the Transactions extension).
# Wall time includes start-up and the search; peak memory from GNU time.
set -euo pipefail
python="$FERRY_PYTHON"
source scripts/lib/environment.sh
FERRY_PYTHON="$python"
venv_bin="$(dirname "$FERRY_PYTHON")"
files="${STAGE_FILES:-500}"
mib="${STAGE_MIB:-8}"
rounds="${STAGE_ROUNDS:-2}"
work="$PWD/bench-out/stage"
rm -rf "$work"; mkdir -p "$work/s3/bench-bucket" "$work/tmp"
free_port() { "$FERRY_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 300); do "$FERRY_PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened" >&2; return 1; }
pids=()
cleanup() { status=$?; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; stop_test_postgres; exit $status; }
trap cleanup EXIT

for name in $(compgen -e | grep -E '^(AWS_|FERRY_S3_|FERRY_STATION_)'); do unset "$name"; done
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ACCESS_KEY_ID="BENCHKEY$RANDOM" AWS_SECRET_ACCESS_KEY="bench-secret-$RANDOM$RANDOM" AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
s3_port=$(free_port)
export AWS_ENDPOINT_URL="http://127.0.0.1:$s3_port" AWS_ENDPOINT_URL_S3="http://127.0.0.1:$s3_port"
"$venv_bin/rclone" serve s3 --auth-key "$AWS_ACCESS_KEY_ID,$AWS_SECRET_ACCESS_KEY" --addr "127.0.0.1:$s3_port" \
  --cache-dir "$work/s3/.cache" "$work/s3" 2>"$work/rclone.log" &
pids+=($!)
rclone_pid=$!
station_port=$(free_port)
"$FERRY_BIN/ferry" sim station --kind auxip --port "$station_port" --files "$files" --file-size "$((mib << 20))" \
  > "$work/station.log" 2>&1 &
pids+=($!)
wait_port "$s3_port"; wait_port "$station_port"
station="http://127.0.0.1:$station_port"
# The simulator hashes its files once, at the first listing: done here, outside every measurement.
"$FERRY_PYTHON" -c "import sys, requests; sys.path.insert(0, 'Benchmarks'); import staging_peer
print(len(staging_peer.search(requests.Session(), sys.argv[1], '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')), 'products listed')" "$station" >&2

# stac-fastapi-pgstac on a database of its own in a throwaway cluster.
start_test_postgres
pg="$FERRY_TEST_POSTGRES_URL"
psql -q -X "$pg" -c "CREATE DATABASE stacbench" > /dev/null
stac_dsn="${pg%/*}/stacbench"
psql -q -X "$stac_dsn" -c "CREATE EXTENSION IF NOT EXISTS postgis" > /dev/null
"$venv_bin/pypgstac" migrate --dsn "$stac_dsn" > "$work/pypgstac.log" 2>&1
stac_port=$(free_port)
read -r pg_user pg_pass pg_host pg_port < <("$FERRY_PYTHON" -c '
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(p.username, p.password, p.hostname, p.port)' "$pg")
( export PGUSER="$pg_user" PGPASSWORD="$pg_pass" PGHOST="$pg_host" PGPORT="$pg_port" PGDATABASE=stacbench \
    POSTGRES_USER="$pg_user" POSTGRES_PASS="$pg_pass" POSTGRES_HOST_READER="$pg_host" POSTGRES_HOST_WRITER="$pg_host" \
    POSTGRES_PORT="$pg_port" POSTGRES_DBNAME=stacbench ENABLE_TRANSACTIONS_EXTENSIONS=true
  exec "$venv_bin/uvicorn" stac_fastapi.pgstac.app:create_app --factory --host 127.0.0.1 --port "$stac_port" --log-level warning ) \
  > "$work/stac-api.log" 2>&1 &
pids+=($!)
wait_port "$stac_port"
stac="http://127.0.0.1:$stac_port"

window=(--start 2024-01-01T00:00:00Z --stop 2024-01-02T00:00:00Z)
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$(now)"; }
peak() { grep "Maximum resident" "$1" | awk '{print $6}'; }
# CPU seconds (user + system) a running process has used so far: the S3 server's share of each side.
process_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
cpu() { awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$1"; }
count_objects() { find "$work/s3/bench-bucket/$1" -type f | wc -l; }
results="$work/results.txt"; : > "$results"

for round in $(seq "$rounds"); do
  for catalog in static pgstac; do
    tag="r$round-$catalog"
    if [ "$catalog" = static ]; then ferry_catalog="$work/catalog-$tag"; peer_catalog=(--catalog "$work/peer-catalog-$tag")
    else ferry_catalog="$stac"; peer_catalog=(--stac-api "$stac"); fi
    server_before=$(process_cpu "$rclone_pid")
    start=$(now)
    /usr/bin/time -v -o "$work/ferry.time" "$FERRY_BIN/ferry" stage --station AUXIP --station-url "$station" --mission s1 \
      "${window[@]}" --max-workers 5 --s3-path "s3://bench-bucket/ferry-$tag" --catalog "$ferry_catalog" --owner "f$round$catalog" \
      --database "sqlite:$work/ferry-$tag.db" --poll-interval 0.2 --json > "$work/ferry-$tag.json"
    t=$(since "$start")
    staged=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(sum(f['status']=='DONE' for f in r['files']))" "$work/ferry-$tag.json")
    [ "$staged" = "$files" ] && [ "$(count_objects "ferry-$tag")" = "$files" ] || { echo "ferry staged $staged of $files"; exit 1; }
    server=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$server_before" "$(process_cpu "$rclone_pid")")
    echo "ferry $catalog $t $(peak "$work/ferry.time") $(cpu "$work/ferry.time") $server" >> "$results"
    rm -rf "$work/s3/bench-bucket/ferry-$tag"

    server_before=$(process_cpu "$rclone_pid")
    start=$(now)
    /usr/bin/time -v -o "$work/peer.time" "$FERRY_PYTHON" Benchmarks/staging_peer.py --station "$station" "${window[@]}" \
      --bucket bench-bucket --prefix "peer-$tag" --collection "p${round}${catalog}_s1_aux" "${peer_catalog[@]}" \
      --tmp "$work/tmp" --workers 5 > "$work/peer-$tag.json"
    t=$(since "$start")
    [ "$(count_objects "peer-$tag")" = "$files" ] || { echo "the peer stored $(count_objects "peer-$tag") of $files"; exit 1; }
    server=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$server_before" "$(process_cpu "$rclone_pid")")
    echo "peer $catalog $t $(peak "$work/peer.time") $(cpu "$work/peer.time") $server" >> "$results"
    rm -rf "$work/s3/bench-bucket/peer-$tag"
    echo "  round $round, $catalog: $(tail -n 2 "$results" | tr '\n' ' ')" >&2
  done
done

python3 - "$results" "$files" "$mib" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    side, catalog, seconds, kb, cpu, server = line.split()
    rows[side, catalog].append((float(seconds), int(kb), float(cpu), float(server)))
files, mib = int(sys.argv[2]), int(sys.argv[3])
print(f"staging {files} products of {mib} MiB from the AUXIP simulator into rclone serve s3 (SigV4), 5 workers each, "
      f"{len(rows['ferry', 'static'])} rounds, median:")
for catalog in ("static", "pgstac"):
    figures = {}
    for side in ("ferry", "peer"):
        times = [t for t, _, _, _ in rows[side, catalog]]
        m = statistics.median(times)
        kb = max(k for _, k, _, _ in rows[side, catalog])
        cpu = statistics.median(c for _, _, c, _ in rows[side, catalog])
        server = statistics.median(s for _, _, _, s in rows[side, catalog])
        figures[side] = m
        figures[side + " cpu"] = cpu
        figures[side + " server"] = server
        label = "ferry stage" if side == "ferry" else "python peer (requests → tmp file, boto3 upload_file, item)"
        print(f"  {catalog:<7}{side:<6}{m:7.2f}s  {files / m:6.1f} files/s  {files * mib / m:6.1f} MiB/s  peak {kb / 1024:6.1f} MB  "
              f"client CPU {cpu:5.1f}s  S3 server CPU {server:5.1f}s  ({label})")
    print(f"  {catalog:<7}ferry/peer files per second {figures['peer'] / figures['ferry']:.2f}x (target >= 3); "
          f"client CPU peer/ferry {figures['peer cpu'] / figures['ferry cpu']:.2f}x")
    # However little CPU a client used, the server's own CPU for the same files, spread over every
    # core, is the least wall time any client can reach: the ceiling of the ratio on this machine.
    cores = __import__("os").cpu_count()
    floor = figures["ferry server"] / cores
    print(f"  {catalog:<7}ceiling: the S3 server alone needs {figures['ferry server']:.1f}s of CPU for these files, "
          f">= {floor:.1f}s of wall on {cores} cores, so no client can beat the peer by more than {figures['peer'] / floor:.2f}x here")
PY
