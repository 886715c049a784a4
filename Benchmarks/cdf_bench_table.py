"""Turns scripts/bench.d/cdf.sh's results (name seconds peak_kb bytes) into the BENCHMARKS.md table."""
import sys

rows = {}
for line in open(sys.argv[1]):
    name, seconds, kb, size = line.split()
    rows[name] = (float(seconds), int(kb), int(size))
scale = sys.argv[2]


def cell(name):
    if name not in rows:
        return "—"
    s, kb, size = rows[name]
    text = f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"
    return text + (f", {kb / 1024:.0f} MB peak" if kb else "") + (f", {size / 1e6:.1f} MB" if "write" in name else "")


def ratio(a, b):
    if a not in rows or b not in rows:
        return "—"
    return f"{rows[b][0] / rows[a][0]:.2f}×"


print("| measure | Ferry | NASA (spacepy) | cdflib | NASA / Ferry | cdflib / Ferry | plain dd | Ferry / dd |")
print("|---|---|---|---|---|---|---|---|")
for size, label in (("day", "day (1×)"), ("large", f"{scale}× day")):
    for compression in ("none", "gzip"):
        for op in ("write", "read"):
            base = f"{size}-{compression}-{op}"
            copy = (f"{size}-none-copy" if op == "write" else f"{size}-none-plainread") if compression == "none" else None
            ferry = cell(base + "-ferry")
            copy_cell = cell(copy) if copy else "—"
            over_copy = f"{rows[base + '-ferry'][0] / rows[copy][0]:.2f}×" if copy and base + "-ferry" in rows and copy in rows else "—"
            print(f"| {label} {op} {'uncompressed' if compression == 'none' else 'gzip 6'} | {ferry} | {cell(base + '-nasa')} | "
                  f"{cell(base + '-cdflib')} | {ratio(base + '-ferry', base + '-nasa')} | {ratio(base + '-ferry', base + '-cdflib')} | "
                  f"{copy_cell} | {over_copy} |")
for size, label in (("day", "day (1×)"), ("large", f"{scale}× day")):
    base = f"{size}-gzip-write"
    print(f"| {label} write gzip 6, Ferry with zlib | {cell(base + '-ferryzlib')} | {cell(base + '-nasa')} | "
          f"{cell(base + '-cdflib')} | {ratio(base + '-ferryzlib', base + '-nasa')} | "
          f"{ratio(base + '-ferryzlib', base + '-cdflib')} | — | — |")
print(f"| day, one record per call | {cell('day-stream-write-ferry')} | {cell('day-stream-write-nasa')} | "
      f"{cell('day-stream-write-cdflib')} | {ratio('day-stream-write-ferry', 'day-stream-write-nasa')} | "
      f"{ratio('day-stream-write-ferry', 'day-stream-write-cdflib')} | — | — |")
