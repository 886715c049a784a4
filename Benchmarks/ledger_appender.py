"""Appends ledger rows at a steady rate, as a running download does, for the dashboard benchmark.
Usage: ledger_appender.py PATH ROWS_PER_SECOND SECONDS"""
import csv, os, sys, time, uuid
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "Support", "python"))
from reference_telemetry import SCHEMA
from datetime import datetime, timezone

path, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
run = str(uuid.uuid4())
start = time.monotonic()
written = 0
with open(path, "a", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, fieldnames=SCHEMA)
    while time.monotonic() - start < seconds:
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        w.writerow({"run_id": run, "chunk_date_utc": "2025-12-31", "status": "DOWNLOADED", "sensor_id": "ALL",
                    "records_downloaded": "1000", "availability_pct": "0.0904", "download_seconds": "1.0",
                    "started_at_utc": now, "finished_at_utc": now})
        fh.flush()
        written += 1
        time.sleep(max(0.0, start + written / rate - time.monotonic()))
print(written)
