import Catalog
import Foundation
import Staging
import Testing

/// The seed's list split and date normalisation, row by row.
@Suite struct StagingUnitTests {
    @Test(arguments: [
        (0, 5, [Int]()), (1, 5, [1]), (5, 5, [1, 1, 1, 1, 1]), (7, 5, [2, 2, 1, 1, 1]), (12, 5, [3, 3, 2, 2, 2]), (10, 3, [4, 3, 3]),
    ])
    func listsAreNearEqualWithTheFirstOnesLonger(count: Int, workers: Int, lengths: [Int]) {
        let lists = WorkerLists.split(Array(0..<count), workers: workers)
        #expect(lists.map(\.count) == lengths)
        #expect(lists.flatMap { $0 } == Array(0..<count), "every item once, in order")
    }

    @Test(arguments: [
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000000Z"),
        ("2024-01-01T10:20:30.123Z", "2024-01-01T10:20:30.123000Z"),
        ("2024-01-01T10:20:30.1234567Z", "2024-01-01T10:20:30.123456Z"),
        ("2024-01-01T10:20:30+02:00", "2024-01-01T08:20:30.000000Z"),
        ("2024-03-01T00:30:00-01:00", "2024-03-01T01:30:00.000000Z"),
        ("2024-02-29", "2024-02-29T00:00:00.000000Z"),
        ("2024-01-01 10:20:30", "2024-01-01T10:20:30.000000Z"),
    ])
    func isoDatesAreNormalisedToMicrosecondsUTC(text: String, expected: String) {
        #expect(STACDateText.normalized(text) == expected)
    }

    @Test(arguments: ["1", "May", "S1A_20200105072204051312", "2023-02-29", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z", "2024-01-01T10:20:30Zjunk", ""])
    func otherTextIsLeftAlone(text: String) {
        #expect(STACDateText.normalized(text) == nil)
    }

    @Test func timesParseToTheirInstant() {
        #expect(STACDateText.date("2024-01-01T00:00:01Z") == Date(timeIntervalSince1970: 1_704_067_201))
        #expect(STACDateText.date("2024-01-01T00:00:01.500+00:00") == Date(timeIntervalSince1970: 1_704_067_201.5))
        #expect(STACDateText.date("tomorrow") == nil)
    }

    @Test(arguments: [
        ("s3://bucket/a/b/", "a/b/x.raw", "s3://bucket/a/b/x.raw"),
        ("s3://bucket", "x.raw", "s3://bucket/x.raw"),
        ("file:///data/staged/", "x.raw", "file:///data/staged/x.raw"),
    ])
    func destinationsGiveTheSeedsHrefAndTheirKey(text: String, key: String, href: String) throws {
        let destination = try StagingDestination(parsing: text)
        #expect(destination.key(for: "x.raw") == key)
        #expect(destination.href(for: "x.raw") == href)
    }

    @Test(arguments: ["bucket/x", "s3://", "file://relative/dir", "https://example.org/x"])
    func otherDestinationsAreRefused(text: String) {
        #expect(throws: StagingError.self) { try StagingDestination(parsing: text) }
    }

    @Test(arguments: ["../etc/passwd", "a/b", "..", ".hidden", "a\\b", "", "bad\u{0}name", "tab\tname", "a..b"])
    func namesThatCouldLeaveTheirFolderAreRefused(name: String) {
        #expect(CatalogID.problem(with: name) != nil)
    }

    @Test(arguments: ["S1A_OPER_AUX_RESORB_OPOD_20240101T000000_V20231231T221623_20240101T013353.EOF", "DCS_01_S1A_20240101_ch1_DSDB_00001.raw", "s1", "S1A_AUX_v1.2.EOF"])
    func ordinaryNamesPass(name: String) {
        #expect(CatalogID.problem(with: name) == nil)
    }
}
