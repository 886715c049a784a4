import Testing
@testable import UTCDate

@Suite struct UTCDayTests {
    @Test func roundTripsEveryDayOfFourCenturies() {
        var day = UTCDay(year: 1800, month: 1, day: 1)!
        let end = UTCDay(year: 2200, month: 12, day: 31)!
        while day <= end {
            #expect(UTCDay(day.description) == day)
            day = day.advanced(by: 1)
        }
    }

    @Test func knownDates() {
        #expect(UTCDay(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(UTCDay("2025-09-01")?.daysSinceEpoch == 20332)
        #expect(UTCDay("2025-09-01")?.compact == "20250901")
        #expect(UTCDay("2000-01-01")?.isoWeekday == 6)
        #expect(UTCDay("2024-02-29") != nil)
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-9-01", " 2025-09-01", "2025-09-01 ", "0000-01-01", "20250901", "2025-09-0x", ""])
    func rejectsWhatIsNotAStrictDate(_ text: String) {
        #expect(UTCDay(text) == nil)
    }

    /// Expectations printed by Python 3.11's `date.fromisoformat` for each input.
    @Test(arguments: [
        ("2025-09-01", "2025-09-01"), ("20250901", "2025-09-01"), ("2025-W01-1", "2024-12-30"),
        ("2025W011", "2024-12-30"), ("2025-W01", "2024-12-30"), ("2025W01", "2024-12-30"),
        ("2026-W53-1", "2026-12-28"), ("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"),
        ("2025-001", nil), ("2025-09", nil), ("2025-9-01", nil), (" 2025-09-01", nil),
        ("2025-09-01T00", nil), ("0000-01-01", nil), ("2025-02-29", nil), ("2025-W53-1", nil),
        ("2025-W00-1", nil), ("2025-W01-0", nil), ("2025-W01-8", nil), ("2025-W011", nil),
        ("2025W01-1", nil), ("2025-0901", nil), ("202509-01", nil), ("2025-09-01\n", nil),
    ] as [(String, String?)])
    func parsesLikePython(_ input: String, _ expected: String?) {
        #expect(UTCDay(pythonISODate: input)?.description == expected)
    }
}
