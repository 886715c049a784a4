public import UTCDate

/// One query window: `[start, end]` in milliseconds, inclusive at both ends as UDL's `a..b` is.
public struct UDLWindow: Sendable, Hashable, Comparable {
    public let start: Int64
    public let end: Int64

    /// The window `[start, end]`, milliseconds since 1970 UTC, both inclusive.
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public static func < (lhs: UDLWindow, rhs: UDLWindow) -> Bool { lhs.start < rhs.start }

    /// The day cut into windows that tile it exactly at millisecond precision: each starts 1 ms after
    /// the previous one ends and the last ends at 23:59:59.999, so no record falls in a gap (the
    /// reference loses the second after each window) and midnight belongs to the next day only.
    public static func tiling(_ day: UTCDay, windowSeconds: Int) -> [UDLWindow] {
        let dayStart = day.secondsSinceEpoch * 1000
        let step = Int64(windowSeconds) * 1000
        return stride(from: dayStart, to: dayStart + 86_400_000, by: Int(step)).map {
            UDLWindow(start: $0, end: min($0 + step, dayStart + 86_400_000) - 1)
        }
    }

    /// The reference's chunk sizes: 5 minutes for ALL, 6 hours for one sensor.
    public static func defaultSeconds(sensorID: String) -> Int { sensorID == "ALL" ? 300 : 21_600 }

    /// Two halves, for a window whose answer hit the result cap.
    public var halves: (UDLWindow, UDLWindow)? {
        guard end > start else { return nil }
        let middle = start + (end - start) / 2
        return (UDLWindow(start: start, end: middle), UDLWindow(start: middle + 1, end: end))
    }
}
