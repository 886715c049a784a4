import Dispatch
import Foundation

/// Runs `body` in a task that SIGINT or SIGTERM cancel, so a long-running command (a queue worker)
/// can stop cleanly: hand its work back and say it stopped, instead of dying mid-write.
/// A second signal ends the process at once, as an operator pressing Ctrl-C twice expects.
func cancellingOnSignals<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let work = Task { try await body() }
    let queue = DispatchQueue(label: "ferry.signals")
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
        let seen = SignalCount()
        source.setEventHandler {
            if seen.increment() > 1 {
                signal(number, SIG_DFL)
                kill(getpid(), number)
            }
            FileHandle.standardError.write(Data("ferry: stopping (signal \(number)); handing back work in progress\n".utf8))
            work.cancel()
        }
        source.resume()
        sources.append(source)
    }
    defer { sources.forEach { $0.cancel() } }
    return try await work.value
}

/// Signals seen so far, touched only on the signal queue.
private final class SignalCount: @unchecked Sendable {
    // Only the serial signal queue reads and writes `count`; @unchecked for that reason.
    private var count = 0
    func increment() -> Int {
        count += 1
        return count
    }
}
