"""The CDF benchmark's peers (issue 4): NASA's C library through spacepy, and cdflib.

  cdf_peers.py nasa-write OUT DAYS none|gzip bulk|stream
  cdf_peers.py cdflib-write OUT DAYS none|gzip bulk|stream
  cdf_peers.py nasa-read FILE DAYS
  cdf_peers.py cdflib-read FILE DAYS

Writes the REACH-shaped file of Benchmarks/ferry-bench/CDFBench.swift with the same values, or
reads every variable one day of records at a time. Prints "<seconds> <bytes>": the time of the
writing or reading itself (data generation and imports excluded), and the file size.
cdflib cannot append to a variable: its "stream" mode gathers the records one per call in Python
lists and writes each variable once at the end (what a converter using cdflib has to do), and it
holds every day in memory at once.
"""
import os, sys, time
import numpy as np

N, SENSORS, FLAVORS = 17280, 32, 2
POSITIONS = ["lat", "lon", "alt", "sensor_position_x", "sensor_position_y", "sensor_position_z"]
FIRST_EPOCH = 810_000_069_184_000_000


def day_values():
    k64 = np.arange(N * 64, dtype=np.int64)
    dose = (((k64 * 7919) % 100003).astype(np.float64) * 0.01).astype(np.float32).reshape(N, SENSORS, FLAVORS)
    k32 = np.arange(N * 32, dtype=np.int64)
    positions = [((((k32 + v * 1_000_003) * 104_729) % 1_000_003).astype(np.float64) * 0.001 - 500).reshape(N, SENSORS)
                 for v in range(6)]
    quality = (k32 % 7 == 0).astype(np.int32).reshape(N, SENSORS)
    return dose, positions, quality


def epochs(d):
    return FIRST_EPOCH + (np.arange(N, dtype=np.int64) + d * N) * 5_000_000_000


def nasa_write(out, days, gzip, stream):
    from spacepy import pycdf
    dose, positions, quality = day_values()
    if os.path.exists(out):
        os.remove(out)
    start = time.perf_counter()
    f = pycdf.CDF(out, "")
    f.attrs["Project"] = "Ferry benchmark"
    kw = dict(compress=pycdf.const.GZIP_COMPRESSION, compress_param=6) if gzip else {}
    epoch = f.new("Epoch", type=pycdf.const.CDF_TIME_TT2000, dims=[], **kw)
    f.new("sensor_ids", data=np.arange(100, 132, dtype=np.int32), type=pycdf.const.CDF_INT4, recVary=False)
    f.new("dosimeter_flavor_ids", data=np.array([0, 1], dtype=np.int32), type=pycdf.const.CDF_INT4, recVary=False)
    dvar = f.new("dose_rate", type=pycdf.const.CDF_REAL4, dims=[SENSORS, FLAVORS], **kw)
    pvars = [f.new(name, type=pycdf.const.CDF_REAL8, dims=[SENSORS], **kw) for name in POSITIONS]
    qvar = f.new("obQuality", type=pycdf.const.CDF_INT4, dims=[SENSORS], **kw)
    raw_epoch = f.raw_var("Epoch")
    for d in range(days):
        e = epochs(d)
        if stream:
            for r in range(N):
                raw_epoch.append(e[r])
                dvar.append(dose[r])
                for v, var in enumerate(pvars):
                    var.append(positions[v][r])
                qvar.append(quality[r])
        else:
            raw_epoch.extend(e)
            dvar.extend(dose)
            for v, var in enumerate(pvars):
                var.extend(positions[v])
            qvar.extend(quality)
    f.close()
    return time.perf_counter() - start


def cdflib_write(out, days, gzip, stream):
    from cdflib.cdfwrite import CDF as Writer
    dose, positions, quality = day_values()
    if os.path.exists(out):
        os.remove(out)
    start = time.perf_counter()
    if stream:
        lists = {"Epoch": [], "dose_rate": [], "obQuality": [], **{name: [] for name in POSITIONS}}
        for d in range(days):
            e = epochs(d)
            for r in range(N):
                lists["Epoch"].append(e[r])
                lists["dose_rate"].append(dose[r])
                for v, name in enumerate(POSITIONS):
                    lists[name].append(positions[v][r])
                lists["obQuality"].append(quality[r])
        data = {name: np.array(values) for name, values in lists.items()}
    else:
        data = {"Epoch": np.concatenate([epochs(d) for d in range(days)]), "dose_rate": np.concatenate([dose] * days),
                "obQuality": np.concatenate([quality] * days),
                **{name: np.concatenate([positions[v]] * days) for v, name in enumerate(POSITIONS)}}
    w = Writer(out, cdf_spec={"Majority": "row_major", "Encoding": 6}, delete=True)
    w.write_globalattrs({"Project": {0: "Ferry benchmark"}})
    level = 6 if gzip else 0
    def spec(name, code, dims, rv=True):
        return {"Variable": name, "Data_Type": code, "Num_Elements": 1, "Rec_Vary": rv, "Dim_Sizes": dims, "Compress": level}
    w.write_var(spec("Epoch", 33, []), var_data=data["Epoch"])
    w.write_var(spec("sensor_ids", 4, [SENSORS], False), var_data=np.arange(100, 132, dtype=np.int32))
    w.write_var(spec("dosimeter_flavor_ids", 4, [FLAVORS], False), var_data=np.array([0, 1], dtype=np.int32))
    w.write_var(spec("dose_rate", 21, [SENSORS, FLAVORS]), var_data=data["dose_rate"])
    for name in POSITIONS:
        w.write_var(spec(name, 22, [SENSORS]), var_data=data[name])
    w.write_var(spec("obQuality", 4, [SENSORS]), var_data=data["obQuality"])
    w.close()
    return time.perf_counter() - start


def nasa_read(path, days):
    from spacepy import pycdf
    start = time.perf_counter()
    total = 0
    with pycdf.CDF(path) as f:
        for name in f:
            var = f.raw_var(name)
            if not var.rv():
                total += var[...].nbytes
                continue
            for d in range(days):
                total += var[d * N:(d + 1) * N].nbytes
    return time.perf_counter() - start


def cdflib_read(path, days):
    import cdflib
    start = time.perf_counter()
    c = cdflib.CDF(path)
    for name in c.cdf_info().zVariables:
        if not c.varinq(name).Rec_Vary:
            c.varget(name)
            continue
        for d in range(days):
            c.varget(name, startrec=d * N, endrec=(d + 1) * N - 1)
    return time.perf_counter() - start


if __name__ == "__main__":
    action, path, days = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if action.endswith("-write"):
        gzip, stream = sys.argv[4] == "gzip", sys.argv[5] == "stream"
        seconds = {"nasa-write": nasa_write, "cdflib-write": cdflib_write}[action](path, days, gzip, stream)
    else:
        seconds = {"nasa-read": nasa_read, "cdflib-read": cdflib_read}[action](path, days)
    print(f"{seconds} {os.path.getsize(path)}")
