"""Writes one full-density REACH ALL day the way the reference download tool leaves it on disk.

    python Benchmarks/make_reach_day.py OUTPUT_DIR [DAY] [SEED]

OUTPUT_DIR/REACH-ALL_<day>T000000_<next day>T000000.csv: 17,280 five-second epochs x 32 sensors x
2 dosimeter flavors = 1,105,920 records, one UDL record per row with the UDL's 25 fields in the
UDL's order, rows in obTime order (shuffled within an epoch, as the UDL returns them), the nested
seoList and senPos cells as Python literals (pandas' to_csv of the JSON records), floats as Python
repr. About one record in 500 lacks idSensor (it is recovered from observatoryName downstream).
Deterministic: the same DAY and SEED give the same bytes.
"""
import csv
import datetime as dt
import math
import os
import random
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reach_constellation import SENSORS  # noqa: E402

COLUMNS = ["id", "classificationMarking", "dataType", "genTime", "idOnOrbit", "satNo", "idSensor",
           "origSensorId", "observatoryType", "observatoryName", "instrumentType", "lat", "lon", "alt",
           "senPos", "obSetId", "particleType", "obTime", "seoList", "descriptor", "createdAt", "createdBy",
           "source", "dataMode", "origNetwork"]
EARTH_RADIUS_KM = 6378.137
PARTICLES = ["PROTONS", "ELECTRONS", "PROTONS+ELECTRONS"]


def udl_time(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def main():
    out_dir = sys.argv[1]
    day = dt.date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else dt.date(2025, 9, 1)
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20250901)
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    end = start + dt.timedelta(days=1)
    name = f"REACH-ALL_{start:%Y%m%dT%H%M%S}_{end:%Y%m%dT%H%M%S}.csv"
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, name)

    # Per sensor: a near-polar circular orbit (six planes, as Iridium flies) and fixed record metadata.
    sensors = []
    for index, (number, vehicle, letters) in enumerate(SENSORS):
        norad = 41900 + 17 * index
        created = start + dt.timedelta(days=60 + index % 40, hours=index % 24, milliseconds=rng.randrange(86_400_000))
        sensors.append({
            "id": f"REACH-{number}", "vehicle": f"Iridium-{vehicle}", "letters": letters,
            "norad": str(norad), "orig": str(index % 2),
            "raan": math.radians(30.0 * (index % 6)), "phase": rng.uniform(0, 2 * math.pi),
            "alt": 780.0 + rng.uniform(0, 20),
            "genTime": udl_time(created - dt.timedelta(minutes=4)), "createdAt": udl_time(created),
            "level": [rng.uniform(-7.5, -5.0) for _ in letters],
        })
    inclination = math.radians(86.4)
    period_s = 6027.0

    with open(path + ".part", "w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for step in range(17_280):
            moment = start + dt.timedelta(seconds=5 * step)
            ob_time = udl_time(moment)
            rows = []
            for s in sensors:
                u = s["phase"] + 2 * math.pi * (5 * step) / period_s
                radius = EARTH_RADIUS_KM + s["alt"]
                x = radius * (math.cos(s["raan"]) * math.cos(u) - math.sin(s["raan"]) * math.sin(u) * math.cos(inclination))
                y = radius * (math.sin(s["raan"]) * math.cos(u) + math.cos(s["raan"]) * math.sin(u) * math.cos(inclination))
                z = radius * math.sin(u) * math.sin(inclination)
                lat = round(math.degrees(math.asin(z / radius)), 4)
                lon = round((math.degrees(math.atan2(y, x)) - 360.0 * (5 * step) / 86_164.0 + 180.0) % 360.0 - 180.0, 4)
                alt = round(s["alt"] + 3.0 * math.sin(2 * u), 3)
                position = [round(x, 7), round(y, 8), round(z, 7)]
                for slot, letter in enumerate(s["letters"]):
                    value = float(f"{10 ** (s['level'][slot] + 1.5 * math.sin(u) ** 8 + rng.gauss(0, 0.05)):.6g}")
                    seo = [{"obType": "Energetic Charged Particle", "obUoM": "rad/second", "obValue": value,
                            "obQuality": "0", "obDescription": f"DOSE{slot + 1} (Flavor {letter}) in rad/second"}]
                    record_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                    sensor_id = "" if rng.random() < 0.002 else s["id"]
                    rows.append([record_id, "U", "ECP", s["genTime"], s["norad"], s["norad"], sensor_id, s["orig"],
                                 "ONORBIT", s["vehicle"], "DOSIMETER", lat, lon, alt, str(position), f"REACH_{letter}",
                                 PARTICLES[(slot + step // 720) % 3], ob_time, str(seo), "PROVISIONAL", s["createdAt"],
                                 "system.reach", "Aerospace", "REAL", "OPS1"])
            rng.shuffle(rows)
            writer.writerows(rows)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(path + ".part", path)
    print(path)


if __name__ == "__main__":
    main()
