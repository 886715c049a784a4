/// CDF_EPOCH: milliseconds since 0000-01-01T00:00:00 (proleptic Gregorian), no leap seconds.
public enum CDFEpoch {
    /// The ISTP fill value.
    public static let fill = -1.0e31
    /// Days from 0000-01-01 to 1970-01-01: the Julian day number of 0000-01-01 is 1721060.
    static let julianDayOfYearZero = 1_721_060

    /// EPOCH of a UTC calendar instant.
    public static func from(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                            millisecond: Int = 0) -> Double {
        let days = TT2000.julianDayNumber(year: year, month: month, day: day) - julianDayOfYearZero
        let milliseconds = Int64(days) * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond)
        return Double(milliseconds)
    }

    /// The calendar fields of an EPOCH (fractions of a millisecond are dropped).
    public static func components(_ epoch: Double) -> CDFTimeComponents {
        let total = Int64(epoch.rounded(.down))
        var days = total / 86_400_000, rest = total % 86_400_000
        if rest < 0 { days -= 1; rest += 86_400_000 }
        var fields = CDFTimeComponents(dayNumber: Int(days) + julianDayOfYearZero)
        fields.hour = Int(rest / 3_600_000)
        fields.minute = Int(rest / 60_000 % 60)
        fields.second = Int(rest / 1000 % 60)
        fields.picosecond = Int64(rest % 1000) * 1_000_000_000
        return fields
    }
}

/// CDF_EPOCH16: whole seconds since 0000-01-01T00:00:00 and picoseconds within the second, no leap seconds.
public enum CDFEpoch16 {
    /// The ISTP fill value (both halves).
    public static let fill = (seconds: -1.0e31, picoseconds: -1.0e31)

    /// EPOCH16 of a UTC calendar instant; `picosecond` counts within the second (0 ..< 10^12).
    public static func from(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                            picosecond: Int64 = 0) -> (seconds: Double, picoseconds: Double) {
        let days = TT2000.julianDayNumber(year: year, month: month, day: day) - CDFEpoch.julianDayOfYearZero
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return (Double(seconds), Double(picosecond))
    }

    /// The calendar fields of an EPOCH16.
    public static func components(seconds: Double, picoseconds: Double) -> CDFTimeComponents {
        let total = Int64(seconds.rounded(.down))
        var days = total / 86_400, rest = total % 86_400
        if rest < 0 { days -= 1; rest += 86_400 }
        var fields = CDFTimeComponents(dayNumber: Int(days) + CDFEpoch.julianDayOfYearZero)
        fields.hour = Int(rest / 3600)
        fields.minute = Int(rest / 60 % 60)
        fields.second = Int(rest % 60)
        fields.picosecond = Int64(picoseconds)
        return fields
    }
}

/// A UTC calendar instant split into fields, down to picoseconds within the second.
public struct CDFTimeComponents: Sendable, Equatable {
    public var year: Int, month: Int, day: Int
    public var hour = 0, minute = 0, second = 0
    /// Picoseconds within the second (milliseconds × 10^9 + … ).
    public var picosecond: Int64 = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, picosecond: Int64 = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.picosecond) = (hour, minute, second, picosecond)
    }

    /// The date of a Julian day number.
    init(dayNumber: Int) {
        let (y, m, d) = TT2000.civil(daysSinceEpoch: dayNumber - 2_440_588)
        (year, month, day) = (y, m, d)
    }

    /// Milliseconds within the second.
    public var millisecond: Int { Int(picosecond / 1_000_000_000) }
}
