@testable import TarArchive
import Testing

/// Values ustar's fields cannot hold go to pax records, which the reader's parsing reads back.
@Suite struct MemberHeadersTests {
    /// The header blocks split into (pax records, ustar header fields).
    func decode(_ blocks: [UInt8]) throws -> (records: [String: [UInt8]], header: HeaderFields) {
        let first = HeaderFields(block: Array(blocks[0..<512]))
        try first.verifyChecksum(offset: 0)
        guard first.typeflag == UInt8(ascii: "x") else { return ([:], first) }
        let size = try #require(first.size)
        let records = try #require(PaxRecords.decode(Array(blocks[512..<(512 + size)])))
        let ustarStart = 512 + (size + 511) / 512 * 512
        #expect(blocks.count == ustarStart + 512)
        let header = HeaderFields(block: Array(blocks[ustarStart...]))
        try header.verifyChecksum(offset: ustarStart)
        return (records, header)
    }

    @Test func aSizeOf8GiBOrMoreGoesToAPaxRecord() throws {
        let size = 9 * 1 << 30
        let (records, header) = try decode(MemberHeaders.blocks(
            path: "huge.bin", mode: 0o644, uid: 0, gid: 0, size: size, modificationTime: 1_600_000_000, nanoseconds: 0))
        #expect(records["size"].map { String(decoding: $0, as: UTF8.self) } == String(size))
        #expect(header.size == 0)
        #expect(header.path == Array("huge.bin".utf8))
    }

    @Test func theLargestOctalSizeStaysInTheUstarHeader() throws {
        let size = 8 * 1 << 30 - 1
        let (records, header) = try decode(MemberHeaders.blocks(
            path: "big.bin", mode: 0o644, uid: 0, gid: 0, size: size, modificationTime: 0, nanoseconds: 0))
        #expect(records.isEmpty)
        #expect(header.size == size)
    }

    @Test func aTimeBeforeTheEpochGoesToAPaxRecordWithItsFraction() throws {
        // -1.5 s is stored by the kernel as -2 s + 500 000 000 ns.
        let (records, _) = try decode(MemberHeaders.blocks(
            path: "old.txt", mode: 0o644, uid: 0, gid: 0, size: 1, modificationTime: -2, nanoseconds: 500_000_000))
        #expect(records["mtime"].map { String(decoding: $0, as: UTF8.self) } == "-1.5")
    }

    @Test(arguments: [(7, 8), (8, 9), (9, 11), (97, 99), (98, 101), (996, 999), (997, 1001)])
    func aPaxRecordsLengthCountsItsOwnDigits(bodyLength: Int, recordLength: Int) throws {
        let encoded = PaxRecords.encode([("k", [UInt8](repeating: 0x61, count: bodyLength - 4))])
        #expect(encoded.count == recordLength, "\(String(decoding: encoded, as: UTF8.self))")
        #expect(String(decoding: encoded.prefix(while: { $0 != 0x20 }), as: UTF8.self) == String(encoded.count))
        #expect(PaxRecords.decode(encoded)?["k"]?.count == bodyLength - 4)
    }
}
