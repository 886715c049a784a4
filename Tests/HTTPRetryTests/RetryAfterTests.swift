import HTTPRetry
import Testing

/// Retry-After in both of its forms (RFC 9110 §10.2.3), the date in all three HTTP-date formats.
@Suite struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, the date RFC 9110's examples use.
    static let now = 784_111_777.0

    static let table: [(value: String, expected: Duration?)] = [
        ("120", .seconds(120)),
        ("0", .zero),
        ("1.5", .milliseconds(1_500)),
        (" 3 ", .seconds(3)),
        ("-1", nil),
        ("soon", nil),
        ("", nil),
        ("Sun, 06 Nov 1994 08:50:07 GMT", .seconds(30)),        // IMF-fixdate
        ("Sunday, 06-Nov-94 08:50:07 GMT", .seconds(30)),       // RFC 850
        ("Sun Nov  6 08:50:07 1994", .seconds(30)),             // asctime
        ("Mon, 07 Nov 1994 08:49:37 GMT", .seconds(86_400)),
        ("Sat, 05 Nov 1994 08:49:37 GMT", .zero),               // already past: no wait
        ("Sun, 06 Nov 1994 08:50:07 UTC", nil),                 // HTTP-dates are always GMT
        ("Thu, 31 Feb 1994 08:49:37 GMT", nil),                 // no such day
        ("Sun, 06 Nov 1994 25:00:00 GMT", nil),
    ]

    @Test(arguments: table.indices)
    func retryAfterRow(_ index: Int) {
        let row = Self.table[index]
        #expect(RetryAfter.delay(row.value, now: Self.now) == row.expected, "'\(row.value)'")
    }

    @Test func httpDatesAreSecondsSince1970() {
        #expect(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(RetryAfter.httpDate("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(RetryAfter.httpDate("Fri, 04 Dec 2026 15:00:00 GMT") == 1_796_396_400)
    }
}
