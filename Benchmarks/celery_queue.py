"""The Celery side of scripts/bench.d/queue.sh: what CCAT's data transfer system runs.

    BENCH_REDIS_URL=redis://127.0.0.1:PORT/0 python celery_queue.py TASKS [CONCURRENCY]

Starts `celery worker --pool prefork --concurrency CONCURRENCY` (default 4) on this module, waits
until it answers a ping, then sends TASKS no-op tasks (`acks_late=True`, as CCAT's tasks are: the
message is acknowledged only after the task ran) one `apply_async` each, and waits until every task
has run: each increments a Redis counter as its last act. Prints one JSON line
{tasks, seconds, tasks_per_second, enqueue_seconds}; the clock starts before the first send, with
the worker already running (as the queue-bench workers are already connected), and stops when the
counter reaches TASKS.

Everything else is Celery's default (prefetch multiplier 4, JSON serializer), and the task keeps no
result (`ignore_result=True`; CCAT's keep theirs and track `started`, which costs Celery more): this
is the cheapest Celery set-up that still has CCAT's delivery guarantee.
"""
import json
import os
import subprocess
import sys
import time

import redis
from celery import Celery

REDIS_URL = os.environ["BENCH_REDIS_URL"]
COUNTER = "bench:done"

app = Celery("celery_queue", broker=REDIS_URL)
app.conf.update(worker_hijack_root_logger=False, broker_connection_retry_on_startup=True)
counter = redis.Redis.from_url(REDIS_URL)  # redis-py's pool reconnects in each forked child


@app.task(name="bench.noop", acks_late=True, ignore_result=True)
def noop():
    counter.incr(COUNTER)


def main():
    tasks = int(sys.argv[1])
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    counter.flushdb()
    here = os.path.dirname(os.path.abspath(__file__))
    # As root Celery warns at start (and refuses if pickle were accepted); the bench machines run as root.
    env = dict(os.environ, C_FORCE_ROOT="1", PYTHONPATH=here)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_queue", "worker", "--pool", "prefork",
         "--concurrency", str(concurrency), "--loglevel", "WARNING"],
        cwd=here, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("celery worker did not start")
        start = time.monotonic()
        for _ in range(tasks):
            noop.apply_async()
        enqueued = time.monotonic()
        while int(counter.get(COUNTER) or 0) < tasks:
            if worker.poll() is not None:
                raise SystemExit("celery worker exited")
            time.sleep(0.005)
        seconds = time.monotonic() - start
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    print(json.dumps({"tasks": tasks, "seconds": seconds, "tasks_per_second": tasks / seconds,
                      "enqueue_seconds": enqueued - start}))


if __name__ == "__main__":
    main()
