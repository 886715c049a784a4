extension TT2000 {
    /// The UTC calendar fields of a TT2000 value (second 60 inside a leap second), inverting `from`.
    public static func components(_ tt: Int64) -> CDFTimeComponents {
        let tai = tt - 32_184_000_000   // TAI nanoseconds since 2000-01-01T12:00 (as UTC without leap seconds)
        // Integer leap seconds since 1972: find the entry in force from the TT2000 of each boundary.
        if let index = integerEntryStarts.lastIndex(where: { $0.tt <= tt }) {
            let entry = integerEntryStarts[index]
            let utc = tai - Int64(entry.seconds) * 1_000_000_000
            if index + 1 < integerEntryStarts.count, utc >= integerEntryStarts[index + 1].noLeapNanos {
                // Inside the inserted second: 23:59:60 of the day before the next entry.
                var fields = fields(noonNanos: utc - 1_000_000_000)
                fields.second += 1
                return fields
            }
            return fields(noonNanos: utc)
        }
        // Before 1972: TAI−UTC drifts (or is 0 before 1960); iterate to a fixed point.
        var utc = tai
        for _ in 0..<4 {
            let c = fields(noonNanos: utc)
            let nanosOfDay = Int64(c.hour * 3600 + c.minute * 60 + c.second) * 1_000_000_000 + c.picosecond / 1000
            let offset = leapSeconds(year: c.year, month: c.month, day: c.day, nanosOfDay: nanosOfDay)
            utc = tai - Int64(offset * 1e9)
        }
        return fields(noonNanos: utc)
    }

    /// Calendar fields of nanoseconds since 2000-01-01T12:00:00 on a clock without leap seconds.
    static func fields(noonNanos: Int64) -> CDFTimeComponents {
        let sinceMidnight = noonNanos + 43_200_000_000_000
        var days = sinceMidnight / 86_400_000_000_000, rest = sinceMidnight % 86_400_000_000_000
        if rest < 0 { days -= 1; rest += 86_400_000_000_000 }
        var fields = CDFTimeComponents(dayNumber: 2_451_545 + Int(days))
        let seconds = rest / 1_000_000_000
        fields.hour = Int(seconds / 3600)
        fields.minute = Int(seconds / 60 % 60)
        fields.second = Int(seconds % 60)
        fields.picosecond = (rest % 1_000_000_000) * 1000
        return fields
    }

    /// Each integer leap-second entry (1972 on): its TT2000 at 00:00:00 UTC, and the same instant as
    /// nanoseconds since 2000-01-01T12:00 on a clock without leap seconds.
    static let integerEntryStarts: [(tt: Int64, noLeapNanos: Int64, seconds: Double)] = table.filter { $0.date >= 19720101 }.map { entry in
        let (y, m, d) = (entry.date / 10_000, entry.date / 100 % 100, entry.date % 100)
        let noLeap = Int64(julianDayNumber(year: y, month: m, day: d) - 2_451_545) * 86_400_000_000_000 - 43_200_000_000_000
        return (from(year: y, month: m, day: d), noLeap, entry.seconds)
    }
}
