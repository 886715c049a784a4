"""Writes a realistic ledger of N rows with Python's csv module: ten years of days, each attempted
many times by download and process runs, as years of reprocessing leave behind.
Usage: make_ledger.py PATH N"""
import csv, random, sys, uuid
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "Tests", "Support", "python"))
from reference_telemetry import SCHEMA
from datetime import date, datetime, timedelta, timezone

path, count = sys.argv[1], int(sys.argv[2])
random.seed(1)
start = date(2016, 1, 1)
moment = datetime(2025, 1, 1, tzinfo=timezone.utc)
with open(path, "w", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, fieldnames=SCHEMA)
    w.writeheader()
    run = str(uuid.uuid4())
    for i in range(count):
        if i % 500 == 0:
            run = str(uuid.uuid4())
        day = start + timedelta(days=random.randrange(3650))
        moment += timedelta(microseconds=random.randrange(1, 2_000_000))
        status = random.choice(["DOWNLOAD_PENDING", "DOWNLOADED", "DOWNLOADED", "FAILED", "PROCESS_PENDING",
                                "PROCESSED", "UPLOAD_PENDING", "UPLOADED", "SKIPPED_NO_DATA"])
        row = {"run_id": run, "chunk_date_utc": day.isoformat(),
               "window_start_utc": f"{day.isoformat()}T00:00:00+00:00",
               "window_end_utc": f"{(day + timedelta(days=1)).isoformat()}T00:00:00+00:00",
               "status": status, "sensor_id": "ALL", "descriptor": "QUICKLOOK", "output_format": "csv",
               "started_at_utc": moment.isoformat(timespec="microseconds")}
        if status == "DOWNLOADED":
            n = random.randrange(1_105_920)
            row.update(records_downloaded=str(n), expected_records="1105920",
                       availability_pct=f"{n / 1105920 * 100:.4f}", download_seconds=f"{random.random() * 90:.3f}",
                       csv_size_mb=f"{n * 0.0009:.3f}",
                       csv_path=f"/data/reach/REACH-ALL_{day:%Y%m%d}T000000_{day + timedelta(days=1):%Y%m%d}T000000.csv")
        if status == "FAILED":
            row.update(error_type="HTTPError", error_message='503 Server Error: "Service Unavailable", retry later')
        if status in ("PROCESSED", "UPLOADED"):
            row.update(process_seconds=f"{random.random() * 30:.3f}", cdf_size_mb="33.2",
                       cdf_path=f"/data/cdf/l1c/prelim/{day:%Y/%m/%d}/reach_all_l1c_prelim_{day:%Y%m%d}T000000_v1.0.0.cdf")
        if status == "UPLOADED":
            row.update(upload_seconds="1.204", s3_bucket="dev-swxsoc-pipeline-incoming",
                       s3_key=f"l1c/prelim/{day:%Y/%m/%d}/reach_all_l1c_prelim_{day:%Y%m%d}T000000_v1.0.0.cdf")
        row["finished_at_utc"] = (moment + timedelta(seconds=1)).isoformat(timespec="microseconds")
        w.writerow(row)
