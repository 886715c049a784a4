# Work queue (seed 003): QUEUE_TASKS (default 20,000) no-op tasks through 4 worker processes, end to
# end (the workers already connected and polling when the first task is sent; the clock stops when
# the last task is done), Ferry's WorkQueue against Celery 5 with a Redis broker, `acks_late` and 4
# prefork workers (what CCAT runs; Benchmarks/celery_queue.py), in the same run, alternating.
# Ferry runs as queue-bench (Benchmarks/queue-bench): W processes each `WorkQueue.claim` up to BATCH
# tasks in one transaction and complete them in one more; it reports the p50/p99 wall time of the
# claim transactions that returned tasks. Configurations, each QUEUE_ROUNDS (default 3) times:
#   SQLite (WAL, synchronous=FULL: every commit is fsynced), batch 1 and batch QUEUE_BATCH (default 10);
#   PostgreSQL with its default durability (fsync and synchronous_commit on, a cluster of its own
#   started here, not the tests' fsync-off one), batch 1 and batch QUEUE_BATCH;
#   the same PostgreSQL with fsync, synchronous_commit and full_page_writes off (ALTER SYSTEM +
#   reload), batch QUEUE_BATCH, labelled as such: what the figures would be if commits cost nothing;
# Redis runs with its defaults (no fsync per write: a sent task is not on disk when apply_async returns).
set -euo pipefail
python="$FERRY_PYTHON"   # scripts/bench's venv: sourcing the library below would reset it to .venv's
source scripts/lib/environment.sh
FERRY_PYTHON="$python"
tasks="${QUEUE_TASKS:-20000}"
workers="${QUEUE_WORKERS:-4}"
batch="${QUEUE_BATCH:-10}"
rounds="${QUEUE_ROUNDS:-3}"
work="$PWD/bench-out/queue"
rm -rf "$work"; mkdir -p "$work/redis"
results="$work/results.jsonl"

command -v redis-server >/dev/null || {
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq redis-server >/dev/null
}
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --logfile "$work/redis/redis.log" &
redis=$!
start_test_postgres durable
trap 'status=$?; kill $redis 2>/dev/null; wait $redis 2>/dev/null || true; stop_test_postgres; exit $status' EXIT
export BENCH_REDIS_URL="redis://127.0.0.1:$redis_port/0"
pg="$FERRY_TEST_POSTGRES_URL"
pg_durability() {  # on | off
  local value=off; [ "$1" = on ] && value=on
  psql -q -X "$pg" -c "ALTER SYSTEM SET fsync = $value" -c "ALTER SYSTEM SET synchronous_commit = $value" \
    -c "ALTER SYSTEM SET full_page_writes = $value" -c "SELECT pg_reload_conf()" > /dev/null
  sleep 0.5
  [ "$(psql -X -At "$pg" -c "SHOW fsync")" = "$value" ] || { echo "PostgreSQL did not take fsync = $value"; exit 1; }
}
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

ferry() {  # label database batch
  local out
  out=$("$FERRY_BIN/queue-bench" run --database "$2" --tasks "$tasks" --workers "$workers" --batch "$3")
  echo "{\"side\": \"$1\", \"round\": $round, \"result\": $out}" >> "$results"
  echo "  round $round: $1: $out" >&2
}
for round in $(seq "$rounds"); do
  rm -f "$work"/queue.db*
  ferry "ferry sqlite batch 1" "sqlite:$work/queue.db" 1
  rm -f "$work"/queue.db*
  ferry "ferry sqlite batch $batch" "sqlite:$work/queue.db" "$batch"
  ferry "ferry postgres batch 1" "$pg" 1
  ferry "ferry postgres batch $batch" "$pg" "$batch"
  pg_durability off
  ferry "ferry postgres batch $batch, fsync off" "$pg" "$batch"
  pg_durability on
  out=$("$FERRY_PYTHON" Benchmarks/celery_queue.py "$tasks" "$workers" 2>"$work/celery.log")
  echo "{\"side\": \"celery\", \"round\": $round, \"result\": $out}" >> "$results"
  echo "  round $round: celery: $out" >&2
done
rm -f "$work"/queue.db*

"$FERRY_PYTHON" - "$results" "$tasks" "$workers" "$batch" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
tasks, workers, batch = sys.argv[2:5]
sides = list(dict.fromkeys(r["side"] for r in rows))
def median(side, key):
    values = [r["result"][key] for r in rows if r["side"] == side]
    return statistics.median(values), min(values), max(values)
print(f"queue: {tasks} no-op tasks, {workers} worker processes, end to end, {len(rows) // len(sides)} rounds, median (min-max):")
for side in sides:
    m, lo, hi = median(side, "tasks_per_second")
    line = f"  {side:<36}{m:7.0f} tasks/s ({lo:.0f}-{hi:.0f})"
    if side != "celery":
        p50, p99 = median(side, "claim_p50_ms")[0], median(side, "claim_p99_ms")
        line += f"  claim p50 {p50:.2f} ms, p99 {p99[0]:.2f} ms ({p99[1]:.2f}-{p99[2]:.2f})"
    else:
        line += "  (claim latency: not observable in Celery)"
    print(line)
celery = median("celery", "tasks_per_second")[0]
for side in sides:
    if side != "celery":
        note = "  (target >= 2 on PostgreSQL with default durability)" if side == f"ferry postgres batch {batch}" else ""
        print(f"  {side} / celery: {median(side, 'tasks_per_second')[0] / celery:.2f}x{note}")
PY
