#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's id, for the worker's row.
func currentProcessID() -> Int { Int(getpid()) }

/// A worker id unique across hosts and restarts: host, process id and a random suffix.
public func makeWorkerID(host: String) -> String {
    "\(host):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
}
