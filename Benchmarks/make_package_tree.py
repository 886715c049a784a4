"""Writes the raw-data tree of scripts/bench.d/package.sh: {obs_unit}/{module}/... under ROOT.

    make_package_tree.py ROOT [SMALL_FILES] [LARGE_FILES] [LARGE_MIB]

SMALL_FILES (default 4000) files of 4-256 KiB spread over 2 obs units x 2 modules (4 packages), in
subfolders of 100 files as instruments write them, plus LARGE_FILES (default 7) files of LARGE_MIB
(default 500) MiB dealt round the same 4 packages: about 4 GB. Sizes and names come from a seeded
generator, so every run has the same tree; contents are os.urandom, so nothing compresses and no
filesystem can deduplicate. Writes ROOT.complete (beside ROOT, so no scan sees it) last: a tree
without it is half-written.
"""
import os
import random
import sys

root = sys.argv[1]
small = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
large = int(sys.argv[3]) if len(sys.argv) > 3 else 7
large_mib = int(sys.argv[4]) if len(sys.argv) > 4 else 500
groups = [(unit, module) for unit in ("obs-0001", "obs-0002") for module in ("pc-280", "pc-350")]
rng = random.Random(3)


def write(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        left = size
        while left:
            step = min(left, 16 << 20)
            out.write(os.urandom(step))
            left -= step


total = 0
for index in range(small):
    unit, module = groups[index % len(groups)]
    size = rng.randint(4 << 10, 256 << 10)
    write(f"{root}/{unit}/{module}/scan-{index // 400:02d}/frame-{index:05d}.raw", size)
    total += size
for index in range(large):
    unit, module = groups[index % len(groups)]
    write(f"{root}/{unit}/{module}/cube-{index:02d}.raw", large_mib << 20)
    total += large_mib << 20
open(f"{root}.complete", "w").write(f"{small + large} files, {total} bytes\n")
print(f"{small + large} files, {total} bytes")
