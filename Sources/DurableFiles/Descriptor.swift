#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to an open file descriptor, for the writers that own a descriptor themselves (the
/// ledger's appends, a spool's windows, an object's streamed bytes).
public enum Descriptor {
    /// Writes all of `bytes` at the descriptor's position, resuming after interrupted and short
    /// writes; returns the `errno` of a failed write, nil when everything was written.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        SystemCall.writeAll(fd, bytes)
    }

    /// The text of an `errno` value.
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
