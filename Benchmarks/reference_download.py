"""A UDL day download built the way the reference tool (swxsoc_reach.net.udl) builds it, as the
peer of Ferry's download benchmarks: 5-minute chunks, a ThreadPoolExecutor of `concurrency` workers, one shared AIMD controller
that reserves slots at last + 1/rate (the windows are contiguous, unlike the reference's, so both
clients fetch the same records), requests for HTTP, each chunk parsed with the json module
and spooled to a temporary CSV with pandas, the spools joined in time order into the artifact.

usage: reference_download.py BASE_URL AUTH DAY OUT_DIR [--concurrency 4] [--initial 5]
       [--increase 1] [--decrease 0.5] [--min 5] [--max 25]
prints: records seconds
"""
import argparse
import datetime as dt
import os
import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import requests


class AIMD:
    def __init__(self, initial, increase, decrease, low, high):
        self.rate, self.increase, self.decrease, self.low, self.high = initial, increase, decrease, low, high
        self.lock = threading.Lock()
        self.next_slot = time.monotonic()

    def acquire(self):
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + 1.0 / self.rate
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def success(self):
        with self.lock:
            self.rate = min(self.high, self.rate + self.increase)

    def congestion(self):
        with self.lock:
            self.rate = max(self.low, self.rate * self.decrease)


def chunks(day):
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    end = start + dt.timedelta(days=1)
    step = dt.timedelta(minutes=5)
    t = start
    while t < end:
        yield t, min(t + step, end)
        # The reference starts the next chunk one second later and so loses records; here the
        # chunks are contiguous so both clients fetch the same records and the work is comparable.
        t = t + step


def fetch(session, base, auth, controller, start, end, spool_dir, index):
    fmt = "%Y-%m-%dT%H:%M:%S.%f"
    params = {
        "obTime": f"{start.strftime(fmt)[:-3]}Z..{(end - dt.timedelta(milliseconds=1)).strftime(fmt)[:-3]}Z",
        "source": "Aerospace", "dataMode": "REAL", "descriptor": "QUICKLOOK", "sort": "obTime",
    }
    for attempt in range(6):
        controller.acquire()
        try:
            response = session.get(f"{base}/udl/spaceenvobservation", params=params,
                                   headers={"Authorization": auth}, timeout=120)
        except requests.RequestException:
            controller.congestion()
            time.sleep(2 ** attempt + random.random())
            continue
        if response.status_code == 429:
            controller.congestion()
            time.sleep(2 ** attempt + random.random())
            continue
        response.raise_for_status()
        controller.success()
        records = response.json()
        if isinstance(records, dict):
            records = [records]
        path = os.path.join(spool_dir, f"{index:05d}.csv")
        if records:
            pd.DataFrame(records).to_csv(path, index=False)
        return path if records else None, len(records)
    raise RuntimeError(f"chunk {start} failed")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("auth")
    parser.add_argument("day")
    parser.add_argument("out")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--initial", type=float, default=5)
    parser.add_argument("--increase", type=float, default=1)
    parser.add_argument("--decrease", type=float, default=0.5)
    parser.add_argument("--min", type=float, default=5)
    parser.add_argument("--max", type=float, default=25)
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.day)
    controller = AIMD(args.initial, args.increase, args.decrease, args.min, args.max)
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=args.concurrency, pool_maxsize=args.concurrency)
    session.mount("http://", adapter)
    began = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.out) as spool:
        with ThreadPoolExecutor(args.concurrency) as pool:
            futures = [pool.submit(fetch, session, args.base, args.auth, controller, s, e, spool, i)
                       for i, (s, e) in enumerate(chunks(day))]
            results = [f.result() for f in futures]
        total = sum(n for _, n in results)
        name = f"REACH-ALL_{day:%Y%m%d}T000000_{day + dt.timedelta(days=1):%Y%m%d}T000000.csv"
        target = os.path.join(args.out, name)
        with open(target + ".tmp", "w") as out:
            first = True
            for path, _ in results:
                if path is None:
                    continue
                with open(path) as part:
                    header = part.readline()
                    if first:
                        out.write(header)
                        first = False
                    out.write(part.read())
            out.flush()
            os.fsync(out.fileno())
        os.replace(target + ".tmp", target)
    print(total, time.monotonic() - began)


if __name__ == "__main__":
    main()
