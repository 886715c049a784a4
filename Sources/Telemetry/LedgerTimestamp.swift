#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import UTCDate

/// Ledger timestamps: `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`, always UTC and always six fraction digits,
/// so that comparing them as text (as `load_state` does) orders them in time.
public enum LedgerTimestamp {
    /// The current time.
    public static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(secondsSinceEpoch: Int64(spec.tv_sec), microseconds: Int(spec.tv_nsec / 1000))
    }

    /// The given instant.
    public static func format(secondsSinceEpoch: Int64, microseconds: Int) -> String {
        let days = Int(secondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400).quotient)
            - (secondsSinceEpoch % 86_400 < 0 ? 1 : 0)
        let secondOfDay = Int(secondsSinceEpoch - Int64(days) * 86_400)
        let day = UTCDay(daysSinceEpoch: days)
        return day.description + "T" + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":"
            + two(secondOfDay % 60) + "." + six(microseconds) + "+00:00"
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    private static func six(_ v: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
}
