/// CDF_TIME_TT2000: nanoseconds of Terrestrial Time since J2000, leap seconds included.
public enum TT2000 {
    /// The ISTP fill value.
    public static let fill: Int64 = .min
    /// The default pad value.
    public static let pad: Int64 = .min + 1

    /// TT2000 of a UTC calendar instant; `second` may be 60 during a leap second.
    public static func from(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                            nanosecond: Int64 = 0) -> Int64 {
        let julianDay = Int64(julianDayNumber(year: year, month: month, day: day))
        let nanosOfDay = Int64(hour * 3600 + minute * 60 + second) * 1_000_000_000 + nanosecond
        let offset = leapSeconds(year: year, month: month, day: day, nanosOfDay: nanosOfDay)
        return (julianDay - 2_451_545) * 86_400_000_000_000 + nanosOfDay - 43_200_000_000_000
            + Int64(offset * 1e9) + 32_184_000_000   // truncated, as NASA's library converts it
    }

    /// TT2000 of an instant given as milliseconds since 1970-01-01 UTC (no leap second in it).
    public static func from(unixMilliseconds ms: Int64) -> Int64 {
        var days = ms / 86_400_000
        var rest = ms % 86_400_000
        if rest < 0 { days -= 1; rest += 86_400_000 }
        let (y, m, d) = civil(daysSinceEpoch: Int(days))
        return from(year: y, month: m, day: d, nanosecond: rest * 1_000_000)
    }

    /// TAI − UTC in seconds at that instant: the leap-second table, with the 1960–1971 drift rule.
    static func leapSeconds(year: Int, month: Int, day: Int, nanosOfDay: Int64) -> Double {
        let key = year * 10_000 + month * 100 + day
        guard let entry = table.last(where: { $0.date <= key }) else { return 0 }
        guard entry.driftDays != 0 else { return entry.seconds }
        // NASA's library (and cdflib) evaluate the drift once per day, at the Julian day number
        // less 2400000.5 (the day's MJD at noon), whatever the time of day.
        let mjd = Double(julianDayNumber(year: year, month: month, day: day)) - 2_400_000.5
        return entry.seconds + (mjd - entry.driftDays) * entry.driftRate
    }

    /// NASA's leap-second table (CDFLeapSeconds.txt): date YYYYMMDD, TAI−UTC, and for 1960–1971
    /// the drift: TAI−UTC = seconds + (MJD − driftDays) × driftRate.
    static let table: [(date: Int, seconds: Double, driftDays: Double, driftRate: Double)] = [
        (19600101, 1.4178180, 37300, 0.0012960), (19610101, 1.4228180, 37300, 0.0012960),
        (19610801, 1.3728180, 37300, 0.0012960), (19620101, 1.8458580, 37665, 0.0011232),
        (19631101, 1.9458580, 37665, 0.0011232), (19640101, 3.2401300, 38761, 0.0012960),
        (19640401, 3.3401300, 38761, 0.0012960), (19640901, 3.4401300, 38761, 0.0012960),
        (19650101, 3.5401300, 38761, 0.0012960), (19650301, 3.6401300, 38761, 0.0012960),
        (19650701, 3.7401300, 38761, 0.0012960), (19650901, 3.8401300, 38761, 0.0012960),
        (19660101, 4.3131700, 39126, 0.0025920), (19680201, 4.2131700, 39126, 0.0025920),
        (19720101, 10, 0, 0), (19720701, 11, 0, 0), (19730101, 12, 0, 0), (19740101, 13, 0, 0),
        (19750101, 14, 0, 0), (19760101, 15, 0, 0), (19770101, 16, 0, 0), (19780101, 17, 0, 0),
        (19790101, 18, 0, 0), (19800101, 19, 0, 0), (19810701, 20, 0, 0), (19820701, 21, 0, 0),
        (19830701, 22, 0, 0), (19850701, 23, 0, 0), (19880101, 24, 0, 0), (19900101, 25, 0, 0),
        (19910101, 26, 0, 0), (19920701, 27, 0, 0), (19930701, 28, 0, 0), (19940701, 29, 0, 0),
        (19960101, 30, 0, 0), (19970701, 31, 0, 0), (19990101, 32, 0, 0), (20060101, 33, 0, 0),
        (20090101, 34, 0, 0), (20120701, 35, 0, 0), (20150701, 36, 0, 0), (20170101, 37, 0, 0),
    ]

    static func julianDayNumber(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    static func civil(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
