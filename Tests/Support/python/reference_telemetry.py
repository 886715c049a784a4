"""The reference tool's telemetry ledger, rebuilt from seed 001 (swxsoc_reach's
HistoricalTelemetry), so tests and benchmarks can compare Ferry with it.

Usage:
  reference_telemetry.py load LEDGER            print load_state() as JSON {date: {column: value}}
  reference_telemetry.py append LEDGER < ROWS   append rows given as a JSON list of {column: value}
  reference_telemetry.py bench-load LEDGER      time load_state(); print seconds and days
  reference_telemetry.py bench-append LEDGER N  time N durable appends; print seconds
"""
from __future__ import annotations
import csv
import json
import os
import sys
import time
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path

SCHEMA = (
    "run_id", "chunk_date_utc", "window_start_utc", "window_end_utc", "status",
    "records_downloaded", "expected_records", "availability_pct", "download_seconds",
    "csv_size_mb", "csv_path", "sensor_id", "descriptor", "output_format", "error_type",
    "error_message", "started_at_utc", "finished_at_utc",
    "process_seconds", "cdf_size_mb", "cdf_path",
    "upload_seconds", "s3_bucket", "s3_key",
)
VALID_STATUSES = frozenset({
    "DOWNLOAD_PENDING", "DOWNLOADED", "SKIPPED_NO_DATA", "FAILED", "PROCESS_PENDING",
    "PROCESSED", "UPLOAD_PENDING", "UPLOADED", "SKIPPED_NO_INPUT",
})


@dataclass
class TelemetryRow:
    run_id: str = ""
    chunk_date_utc: str = ""
    window_start_utc: str = ""
    window_end_utc: str = ""
    status: str = ""
    records_downloaded: str = ""
    expected_records: str = ""
    availability_pct: str = ""
    download_seconds: str = ""
    csv_size_mb: str = ""
    csv_path: str = ""
    sensor_id: str = ""
    descriptor: str = ""
    output_format: str = ""
    error_type: str = ""
    error_message: str = ""
    started_at_utc: str = ""
    finished_at_utc: str = ""
    process_seconds: str = ""
    cdf_size_mb: str = ""
    cdf_path: str = ""
    upload_seconds: str = ""
    s3_bucket: str = ""
    s3_key: str = ""

    def to_dict(self):
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, raw):
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


class HistoricalTelemetry:
    def __init__(self, telemetry_path):
        self.path = Path(telemetry_path)

    def append_row(self, row):
        if isinstance(row, TelemetryRow):
            data = row.to_dict()
        else:
            unknown = set(row) - set(SCHEMA)
            if unknown:
                raise ValueError(f"Unknown telemetry columns: {sorted(unknown)}. Allowed: {SCHEMA}.")
            data = {col: str(row.get(col, "")) for col in SCHEMA}
        status = data.get("status", "")
        if status and status not in VALID_STATUSES:
            raise ValueError(f"Invalid telemetry status {status!r}. Allowed: {sorted(VALID_STATUSES)}.")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_header = not self.path.exists() or self.path.stat().st_size == 0
        with open(self.path, "a", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=SCHEMA)
            if write_header:
                writer.writeheader()
            writer.writerow({col: data.get(col, "") for col in SCHEMA})
            fh.flush()
            os.fsync(fh.fileno())

    def load_state(self):
        if not self.path.exists():
            return {}
        latest = {}
        latest_started = {}
        with open(self.path, "r", newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for raw in reader:
                row = TelemetryRow.from_dict(raw)
                try:
                    chunk_date = date.fromisoformat(row.chunk_date_utc)
                except ValueError:
                    continue
                started = row.started_at_utc
                if chunk_date not in latest or started >= latest_started.get(chunk_date, ""):
                    latest[chunk_date] = row
                    latest_started[chunk_date] = started
        return latest


def utcnow_iso():
    return datetime.now(tz=timezone.utc).isoformat()


def main(argv):
    command, path = argv[1], argv[2]
    telemetry = HistoricalTelemetry(path)
    if command == "load":
        state = telemetry.load_state()
        out = {d.isoformat(): state[d].to_dict() for d in sorted(state)}
        json.dump(out, sys.stdout, ensure_ascii=False)
    elif command == "append":
        for row in json.load(sys.stdin):
            telemetry.append_row(row)
    elif command == "bench-load":
        start = time.perf_counter()
        state = telemetry.load_state()
        print(f"{time.perf_counter() - start:.6f} {len(state)}")
    elif command == "bench-append":
        count = int(argv[3])
        start = time.perf_counter()
        for i in range(count):
            telemetry.append_row(TelemetryRow(
                run_id="bench", chunk_date_utc="2025-09-01", status="DOWNLOAD_PENDING",
                started_at_utc=utcnow_iso(), records_downloaded=str(i)))
        print(f"{time.perf_counter() - start:.6f}")
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
