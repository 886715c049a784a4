import UTCDate

/// UDL time literals: `YYYY-MM-DDTHH:MM:SS[.fff…][Z|+00:00]`.
public enum UDLTime {
    /// Milliseconds since 1970-01-01 UTC (fractions beyond milliseconds truncated), or nil.
    public static func milliseconds(_ text: some StringProtocol) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let day = UTCDay(String(decoding: b[0..<10], as: UTF8.self)),
              let hour = UTCDay.digits(b[11..<13]), let minute = UTCDay.digits(b[14..<16]),
              let second = UTCDay.digits(b[17..<19]), hour < 24, minute < 60, second <= 60 else { return nil }
        var index = 19
        var millis = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100
            let start = index
            while index < b.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[index]) {
                millis += Int(b[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        let zone = String(decoding: b[index...], as: UTF8.self)
        guard zone.isEmpty || zone == "Z" || zone == "+00:00" || zone == "+0000" else { return nil }
        return (day.secondsSinceEpoch + Int64(hour * 3600 + minute * 60 + second)) * 1000 + Int64(millis)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, the form the UDL query takes.
    public static func format(milliseconds: Int64) -> String {
        let seconds = milliseconds.floorDivided(by: 1000)
        let millis = Int(milliseconds - seconds * 1000)
        let day = UTCDay(daysSinceEpoch: Int(seconds.floorDivided(by: 86_400)))
        let second = Int(seconds - day.secondsSinceEpoch)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(day)T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)).\(fraction)Z"
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }
}
