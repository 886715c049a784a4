"""Checks that two L1C CDFs hold the same product (the benchmark's guard that Ferry and the
Python peer did the same work): same variables' values, read back by cdflib.

    python Benchmarks/compare_l1c.py A.cdf B.cdf
"""
import sys

import cdflib
import numpy as np

VARIABLES = ["Epoch", "sensor_ids", "dosimeter_flavor_ids", "dose_rate", "lat", "lon", "alt", "obQuality",
             "sensor_position_x", "sensor_position_y", "sensor_position_z"]


def main():
    a, b = cdflib.CDF(sys.argv[1]), cdflib.CDF(sys.argv[2])
    problems = []
    for name in VARIABLES:
        x, y = np.asarray(a.varget(name)), np.asarray(b.varget(name))
        if x.shape != y.shape:
            problems.append(f"{name}: shape {x.shape} vs {y.shape}")
        elif not np.array_equal(x, y):
            problems.append(f"{name}: {int(np.count_nonzero(x != y))} values differ")
    labels = [[str(v).strip() for v in row] for row in (a.varget("dosimeter_flavors"), b.varget("dosimeter_flavors"))]
    if labels[0] != labels[1]:
        problems.append("dosimeter_flavors differ")
    if a.globalattsget().get("UDL_Source") != b.globalattsget().get("UDL_Source"):
        problems.append("UDL_Source differs")
    if problems:
        print("products differ: " + "; ".join(problems))
        sys.exit(1)
    dose = a.varget("dose_rate")
    print(f"same product: {dose.shape[0]} epochs, {int(np.count_nonzero(dose > -1e30))} dose values")


if __name__ == "__main__":
    main()
