public import Foundation
import UTCDate

/// OData's DateTimeOffset as stations write it: `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC, milliseconds).
/// Written by hand so it needs no formatter shared across threads and round-trips exactly.
public enum ODataDate {
    /// `date` at millisecond precision, e.g. `2024-01-01T08:30:00.000Z`.
    public static func string(_ date: Date) -> String {
        string(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The time `milliseconds` after 1970-01-01T00:00:00Z.
    public static func string(milliseconds: Int64) -> String {
        let (days, dayMs) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let (day, ms) = dayMs < 0 ? (days - 1, dayMs + 86_400_000) : (days, dayMs)
        let calendarDay = UTCDay(daysSinceEpoch: Int(day))
        let seconds = ms / 1000
        func two(_ v: some BinaryInteger) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let fraction = String(ms % 1000 + 1000).dropFirst()
        return "\(calendarDay.year)-\(two(calendarDay.month))-\(two(calendarDay.day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(fraction)Z"
    }

    /// Milliseconds since 1970 of `YYYY-MM-DDTHH:MM:SS[.f…]Z` (fractions beyond milliseconds are
    /// truncated); nil for anything else.
    public static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var ms: Int64 = 0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 21 else { return nil }
            let digits = Array(bytes[20..<(bytes.count - 1)])
            guard digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
            for index in 0..<3 { ms = ms * 10 + (index < digits.count ? Int64(digits[index] - UInt8(ascii: "0")) : 0) }
        } else if bytes.count != 20 {
            return nil
        }
        let days = Int64(UTCDay.days(year: Int(year), month: Int(month), day: Int(day)))
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms
    }

    /// The Date of an OData date string; nil when it is not one.
    public static func date(_ text: String) -> Date? {
        milliseconds(text).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
