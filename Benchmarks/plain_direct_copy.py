"""The disk's plain read + write with the output past the page cache, as Ferry's packaging writes it.

Reads every file named on stdin (NUL-separated) through the page cache in 4 MiB pieces, dropping
each file's pages once read, and appends them to OUT opened with O_DIRECT (whole 4 KiB-aligned
blocks from one aligned buffer; the last, short block through the cache), then fsyncs OUT. No tar, no hashing: the floor a tar writer that
reads each member once and writes the archive once past the cache could reach on this disk.

usage: find ... -print0 | sort -z | python3 plain_direct_copy.py OUT
"""
import fcntl
import mmap
import os
import sys

CHUNK = 4 << 20
ALIGN = 4096


def main() -> None:
    out = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_DIRECT, 0o644)
    buffer = mmap.mmap(-1, CHUNK)  # page-aligned, as O_DIRECT wants
    view = memoryview(buffer)
    filled = 0
    for name in sys.stdin.buffer.read().split(b"\0"):
        if not name:
            continue
        source = os.open(name, os.O_RDONLY)
        while True:
            count = os.readv(source, [view[filled:]])
            if count == 0:
                break
            filled += count
            if filled == CHUNK:
                os.write(out, view)
                filled = 0
        os.posix_fadvise(source, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(source)
    whole = filled - filled % ALIGN
    if whole:
        os.write(out, view[:whole])
    if filled > whole:
        fcntl.fcntl(out, fcntl.F_SETFL, fcntl.fcntl(out, fcntl.F_GETFL) & ~os.O_DIRECT)
        os.write(out, view[whole:filled])
    os.fsync(out)
    os.close(out)


if __name__ == "__main__":
    main()
