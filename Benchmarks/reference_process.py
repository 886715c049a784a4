"""The reference tool's CSV -> L1C CDF transform, done the way the reference does it (pandas for
the table work, spacepy.pycdf with NASA's CDF library for the file), as the benchmark peer of
`ferry process`.

    python Benchmarks/reference_process.py INPUT_CSV OUTPUT_CDF

Steps, in the reference's order: pandas.read_csv; ast.literal_eval of every seoList and senPos
cell; unpack them into columns; recover a missing idSensor from observatoryName row by row
(DataFrame.apply); de-duplicate (idSensor, obDescription, obTime) keeping the newest createdAt
(sort + drop_duplicates); a time axis of the unique obTime values; the dose_rate cube filled row
by row with the reference's flavor regex; the per-sensor variables through a groupby and a reindex
on the time axis; one UDL descriptor checked; the CDF written with ISTP attributes.
The reference parses the time axis with astropy (not installed here); pandas does it instead,
which only makes the peer faster.
"""
import ast
import os
import re
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reach_constellation import FLAVORS_OF, SENSOR_IDS, SENSOR_OF_VEHICLE  # noqa: E402

FILL = -1.0e31


def read_udl_csv(path):
    data = pd.read_csv(path)
    data["seoList"] = data["seoList"].apply(ast.literal_eval)
    data["senPos"] = data["senPos"].apply(ast.literal_eval)
    data["obDescription"] = data["seoList"].apply(lambda x: x[0]["obDescription"])
    data["obValue"] = data["seoList"].apply(lambda x: x[0]["obValue"])
    data["obQuality"] = data["seoList"].apply(lambda x: x[0]["obQuality"])
    for i in range(3):
        data[f"senPos{i}"] = data["senPos"].apply(lambda x: x[i])
    return data.drop(columns=["seoList", "senPos"])


def impute_sensor(data):
    def recovered(row):
        if pd.isna(row["idSensor"]) and row["observatoryName"] in SENSOR_OF_VEHICLE:
            return SENSOR_OF_VEHICLE[row["observatoryName"]]
        return row["idSensor"]

    data["idSensor"] = data.apply(recovered, axis=1)
    return data.dropna(subset=["idSensor"]).reset_index(drop=True)


def deduplicate(data):
    return (data.sort_values("createdAt", ascending=False)
            .drop_duplicates(subset=["idSensor", "obDescription", "obTime"], keep="first")
            .sort_values("obTime").reset_index(drop=True))


def dose_cube(data, times_pd):
    dose = np.full((len(times_pd), len(SENSOR_IDS), 2), np.nan, dtype=float)
    sensor_index = {sensor: i for i, sensor in enumerate(SENSOR_IDS)}
    slots = {sensor: {letter: slot for slot, letter in enumerate(FLAVORS_OF[sensor])} for sensor in SENSOR_IDS}
    time_lookup = pd.Series(np.arange(len(times_pd)), index=times_pd)
    row_times = time_lookup.reindex(pd.to_datetime(data["obTime"].astype(str), utc=True)).to_numpy()
    sensors = data["idSensor"].astype(str).to_numpy()
    descriptions = data["obDescription"].astype(str).to_numpy()
    values = pd.to_numeric(data["obValue"], errors="coerce").to_numpy()
    for i, sensor in enumerate(sensors):
        if pd.isna(row_times[i]):
            continue
        s = sensor_index.get(sensor)
        if s is None:
            continue
        match = re.search(r"\bflavor\s+([A-Za-z])\b", descriptions[i], flags=re.IGNORECASE)
        slot = slots[sensor].get(match.group(1).upper()) if match else None
        if slot is None:
            continue
        dose[int(row_times[i]), s, slot] = values[i]
    return dose


def sensor_array(grouped, times_by_row, times_pd, column):
    series = []
    for sensor in SENSOR_IDS:
        if sensor in grouped.groups:
            group = grouped.get_group(sensor)
            series.append(pd.Series(group[column].values, index=times_by_row[group.index], name=sensor))
        else:
            series.append(pd.Series(dtype=float, index=pd.DatetimeIndex([]).tz_localize("UTC"), name=sensor))
    return pd.concat(series, axis=1).reindex(times_pd).values.astype(float)


def write_cdf(path, descriptor, times_pd, dose, per_sensor):
    from spacepy import pycdf

    # pycdf insists on a .cdf suffix; a hidden name in the destination folder, renamed at the end.
    tmp = os.path.join(os.path.dirname(path) or ".", "." + os.path.basename(path) + ".part.cdf")
    if os.path.exists(tmp):
        os.remove(tmp)
    cdf = pycdf.CDF(tmp, "")
    cdf.col_major(False)
    for key, value in [("Project", "The Aerospace Corporation"), ("Source_name", "REACH"),
                       ("Data_level", "L1C>Level 1 C"), ("Data_type", "prelim>Preliminary"),
                       ("Instrument_mode", "all"), ("Time_resolution", "5 seconds"),
                       ("Logical_source", "reach_all_l1c_prelim"), ("Data_version", "1.0.0"),
                       ("Logical_file_id", os.path.basename(path)[:-4]), ("UDL_Source", descriptor)]:
        cdf.attrs[key] = value
    epochs = [t.to_pydatetime().replace(tzinfo=None) for t in times_pd]
    cdf.new("Epoch", data=epochs, type=pycdf.const.CDF_TIME_TT2000)
    cdf["Epoch"].attrs.update({"CATDESC": "Observation Time", "VAR_TYPE": "support_data", "UNITS": "ns"})
    cdf.new("sensor_labels", data=SENSOR_IDS, recVary=False)
    cdf.new("sensor_ids", data=np.array([int(s[6:]) for s in SENSOR_IDS], dtype=np.int32), recVary=False)
    cdf.new("dosimeter_flavor_labels", data=["flavor_0", "flavor_1"], recVary=False)
    cdf.new("dosimeter_flavor_ids", data=np.array([0, 1], dtype=np.int32), recVary=False)
    cdf.new("dosimeter_flavors", data=[[f"Flavor {letter}" for letter in FLAVORS_OF[s]] for s in SENSOR_IDS],
            recVary=False)
    for name in ["sensor_labels", "sensor_ids", "dosimeter_flavor_labels", "dosimeter_flavor_ids", "dosimeter_flavors"]:
        cdf[name].attrs.update({"CATDESC": name, "VAR_TYPE": "metadata"})
    cdf.new("dose_rate", data=np.where(np.isnan(dose), FILL, dose).astype(np.float32), type=pycdf.const.CDF_REAL4)
    cdf["dose_rate"].attrs.update({"CATDESC": "Dose rate", "VAR_TYPE": "data", "UNITS": "rad/s",
                                   "DEPEND_0": "Epoch", "DEPEND_1": "sensor_ids", "DEPEND_2": "dosimeter_flavor_ids",
                                   "LABL_PTR_1": "sensor_labels", "LABL_PTR_2": "dosimeter_flavor_labels"})
    cdf["dose_rate"].attrs.new("FILLVAL", FILL, type=pycdf.const.CDF_REAL4)
    for name, (values, units) in per_sensor.items():
        values = np.where(np.isnan(values), FILL, values)
        if name == "obQuality":
            cdf.new(name, data=np.where(values == FILL, -2147483648, values).astype(np.int32), type=pycdf.const.CDF_INT4)
        else:
            cdf.new(name, data=values, type=pycdf.const.CDF_REAL8)
        cdf[name].attrs.update({"CATDESC": name, "VAR_TYPE": "data", "UNITS": units, "DEPEND_0": "Epoch",
                                "DEPEND_1": "sensor_ids", "LABL_PTR_1": "sensor_labels"})
    cdf.close()
    os.replace(tmp, path)


def main():
    source, output = sys.argv[1], sys.argv[2]
    started = time.monotonic()
    data = impute_sensor(read_udl_csv(source))
    data = deduplicate(data)
    descriptors = data["descriptor"].unique()
    if len(descriptors) > 1:
        raise ValueError(f"more than one descriptor: {descriptors}")

    unique_times = sorted(data["obTime"].unique())
    times_pd = pd.DatetimeIndex(pd.to_datetime(unique_times, utc=True))
    dose = dose_cube(data, times_pd)

    by_sensor_time = data.drop_duplicates(subset=["idSensor", "obTime"], keep="first")
    times_by_row = pd.to_datetime(by_sensor_time["obTime"].astype(str), utc=True)
    grouped = by_sensor_time.groupby("idSensor")
    per_sensor = {}
    for name, column, units in [("lat", "lat", "deg"), ("lon", "lon", "deg"), ("alt", "alt", "km"),
                                ("obQuality", "obQuality", " "), ("sensor_position_x", "senPos0", "km"),
                                ("sensor_position_y", "senPos1", "km"), ("sensor_position_z", "senPos2", "km")]:
        per_sensor[name] = (sensor_array(grouped, times_by_row, times_pd, column), units)
    write_cdf(output, descriptors[0], times_pd, dose, per_sensor)
    print(f"{time.monotonic() - started:.3f} {len(times_pd)} {int(np.count_nonzero(~np.isnan(dose)))}")


if __name__ == "__main__":
    main()
