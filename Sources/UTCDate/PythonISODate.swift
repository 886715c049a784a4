extension UTCDay {
    /// Parses a date the way Python 3.11's `date.fromisoformat` does, so that a ledger row
    /// the reference tool would honour is honoured here and one it skips is skipped here:
    /// `YYYY-MM-DD`, `YYYYMMDD`, and ISO week dates `YYYY-Www[-D]` / `YYYYWww[D]`.
    public init?(pythonISODate text: some StringProtocol) {
        var text = String(text)
        guard let day = text.withUTF8({ UTCDay(pythonISODateBytes: $0) }) else { return nil }
        self = day
    }

    /// Byte-level form of ``init(pythonISODate:)`` for parsers that never build a String.
    public init?(pythonISODateBytes b: UnsafeBufferPointer<UInt8>) {
        let dash = UInt8(ascii: "-"), week = UInt8(ascii: "W")
        switch b.count {
        case 10 where b[4] == dash && b[5] != week:
            guard b[7] == dash, let y = Self.digits(b[0..<4]), let m = Self.digits(b[5..<7]),
                  let d = Self.digits(b[8..<10]) else { return nil }
            self.init(year: y, month: m, day: d)
        case 8 where b[4] != week && b[4] != dash:
            guard let y = Self.digits(b[0..<4]), let m = Self.digits(b[4..<6]),
                  let d = Self.digits(b[6..<8]) else { return nil }
            self.init(year: y, month: m, day: d)
        case 8 where b[4] == dash && b[5] == week:   // YYYY-Www
            self.init(isoYear: b[0..<4], week: b[6..<8], weekday: nil)
        case 10 where b[4] == dash && b[5] == week:  // YYYY-Www-D
            guard b[8] == dash else { return nil }
            self.init(isoYear: b[0..<4], week: b[6..<8], weekday: b[9..<10])
        case 7 where b[4] == week:                   // YYYYWww
            self.init(isoYear: b[0..<4], week: b[5..<7], weekday: nil)
        case 8 where b[4] == week:                   // YYYYWwwD
            self.init(isoYear: b[0..<4], week: b[5..<7], weekday: b[7..<8])
        default:
            return nil
        }
    }

    private init?(isoYear: Slice<UnsafeBufferPointer<UInt8>>, week: Slice<UnsafeBufferPointer<UInt8>>,
                  weekday: Slice<UnsafeBufferPointer<UInt8>>?) {
        guard let year = Self.digits(isoYear), (1...9999).contains(year),
              let weekNumber = Self.digits(week) else { return nil }
        let day = weekday.map(Self.digits) ?? 1
        guard let day, (1...7).contains(day) else { return nil }
        // Week 1 is the week holding January 4th; a year has 53 weeks when it starts on a
        // Thursday, or on a Wednesday in a leap year.
        let january1 = UTCDay(daysSinceEpoch: Self.days(year: year, month: 1, day: 1))
        let has53 = january1.isoWeekday == 4 || (january1.isoWeekday == 3 && Self.isLeap(year))
        guard (1...(has53 ? 53 : 52)).contains(weekNumber) else { return nil }
        let january4 = Self.days(year: year, month: 1, day: 4)
        let week1Monday = january4 - (UTCDay(daysSinceEpoch: january4).isoWeekday - 1)
        let result = week1Monday + (weekNumber - 1) * 7 + (day - 1)
        // Python refuses dates that fall outside years 1...9999.
        guard (Self.days(year: 1, month: 1, day: 1)...Self.days(year: 9999, month: 12, day: 31)).contains(result)
        else { return nil }
        self.init(daysSinceEpoch: result)
    }
}
