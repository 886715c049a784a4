import Testing
@testable import CDF

@Suite struct TT2000Tests {
    /// The check values of the CDF reference.
    @Test func referenceCheckValues() {
        #expect(TT2000.from(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60) == 536_500_868_184_000_000)
        #expect(TT2000.from(year: 2017, month: 1, day: 1) == 536_500_869_184_000_000)
        #expect(TT2000.from(year: 2005, month: 9, day: 20, hour: 3, minute: 5, second: 46, nanosecond: 156_111_222)
                == 180_457_610_340_111_222)
        #expect(TT2000.from(year: 2038, month: 1, day: 19, hour: 3, minute: 14, second: 7, nanosecond: 121_243_999)
                == 1_200_755_716_305_243_999)
        #expect(TT2000.from(year: 2000, month: 1, day: 1, hour: 12) == 64_184_000_000)
    }

    @Test func fromUnixMilliseconds() {
        // 2017-01-01T00:00:00Z
        #expect(TT2000.from(unixMilliseconds: 1_483_228_800_000) == 536_500_869_184_000_000)
        #expect(TT2000.from(unixMilliseconds: 1_483_228_800_005) == 536_500_869_189_000_000)
    }
}
