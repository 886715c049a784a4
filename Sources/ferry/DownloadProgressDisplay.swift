#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import UDL
import UTCDate

/// write(2) by a name that `DownloadProgressDisplay.write(_:)` does not shadow (the C module is Glibc or Darwin).
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, bytes, count) }

/// Shows a day's progress on stderr: a live bar redrawn in place on a terminal, otherwise a plain
/// line at each quarter of the day's windows (so logs stay short when redirected).
final class DownloadProgressDisplay: Sendable {
    private let isTerminal: Bool
    private let lastQuarter = Mutex<[String: Int]>([:])

    init(isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.isTerminal = isTerminal
    }

    func report(_ progress: UDLDownloadProgress) {
        let line = "\(progress.day) windows \(progress.windowsDone)/\(progress.windowsTotal) "
            + "records \(progress.records) rate \(String(format: "%.1f", progress.rate)) req/s"
        let finished = progress.windowsDone == progress.windowsTotal
        if isTerminal {
            let width = 30
            let filled = progress.windowsTotal > 0 ? width * progress.windowsDone / progress.windowsTotal : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r[\(bar)] \(line)\u{1B}[K" + (finished ? "\n" : ""))
            return
        }
        let quarter = progress.windowsTotal > 0 ? 4 * progress.windowsDone / progress.windowsTotal : 4
        let key = progress.day.description
        let isNew = lastQuarter.withLock { seen in
            guard quarter > seen[key, default: 0] else { return false }
            seen[key] = quarter
            return true
        }
        if isNew { write(line + "\n") }
    }

    private func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = systemWrite(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
