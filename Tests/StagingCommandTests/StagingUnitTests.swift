import Catalog
import Foundation
import JSONValue
import Staging
import Stations
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

    /// A name that is fine as a key but not as URL text (a station may name a file so) keeps its
    /// S3 key as it is, and its file:// href says the same file to a URL parser.
    @Test func aFileHrefIsAURLThatNamesTheFile() throws {
        let name = "A name#with?odd%41.EOF"
        let local = try StagingDestination(parsing: "file:///data/staged")
        let href = try #require(URL(string: local.href(for: name)))
        #expect(href.isFileURL && href.path == "/data/staged/" + name, "\(href)")
        #expect(try StagingDestination(parsing: "s3://bucket/p").href(for: name) == "s3://bucket/p/" + name)
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

    /// The file extension's checksum is a multihash: the function code as an unsigned varint (MD5,
    /// 0xd5, takes two bytes), then the digest length, then the digest. Decoded here as a reader would.
    @Test func theItemChecksumIsAMultihashAReaderDecodesToTheMD5() throws {
        let md5 = "9896F202C08F4B30C15CC7EAFF758AC4"
        let file = StationFile(id: "1", name: "A.EOF", size: 10, md5: md5, properties: ["datetime": "2024-01-01T00:00:00Z"])
        let item = StagedItem.make(file: file, collection: "o_s1_aux", owner: "o", href: "s3://b/A.EOF", size: 10, md5: md5)
        let text = try #require(item.assets["file"]?.extra["file:checksum"]?.stringValue)
        var bytes = Array(stride(from: 0, to: text.count, by: 2).map { offset -> UInt8 in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        })[...]
        func varint() -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while let byte = bytes.popFirst() {
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            return value
        }
        #expect(varint() == 0xd5, "the multicodec code of MD5")
        #expect(varint() == 16)
        #expect(bytes.map { String(format: "%02x", $0) }.joined() == md5.lowercased())
        #expect(item.properties["file:size"] == nil, "the size is the asset's")
        #expect(item.assets["file"]?.extra["file:size"] == 10)
    }

    /// STAC requires start_datetime and end_datetime together: a product with a start and no end
    /// keeps its start as the item's datetime, and neither bound.
    @Test func aLoneStartBecomesTheDatetime() {
        let file = StationFile(id: "1", name: "A.EOF", size: 10, md5: nil,
                               properties: ["start_datetime": "2024-01-01T01:02:03Z", "datetime": "2024-01-01T01:02:03Z"])
        let item = StagedItem.make(file: file, collection: "o_s1_aux", owner: "o", href: "s3://b/A.EOF", size: 10, md5: "")
        #expect(item.properties["start_datetime"] == nil && item.properties["end_datetime"] == nil)
        #expect(item.properties["datetime"] == "2024-01-01T01:02:03.000000Z")
        let ranged = StationFile(id: "2", name: "B.EOF", size: 10, md5: nil,
                                 properties: ["start_datetime": "2024-01-01T01:02:03Z", "end_datetime": "2024-01-01T02:00:00Z"])
        let kept = StagedItem.make(file: ranged, collection: "o_s1_aux", owner: "o", href: "s3://b/B.EOF", size: 10, md5: "")
        #expect(kept.properties["start_datetime"] != nil && kept.properties["end_datetime"] != nil)
    }
}
