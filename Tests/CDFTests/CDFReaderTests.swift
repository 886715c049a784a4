import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// Ferry's reader on files Ferry's writer made, and on hand-corrupted files: every error names
/// the offset and the record type.
@Suite struct CDFReaderTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// 500 records in blocks of 7 records (so many VVRs and a chain of VXRs), in `encoding`.
    func writeSample(_ encoding: CDFEncoding) throws -> String {
        let path = directory.path("ferry-\(encoding).cdf")
        let writer = try CDFWriter(path: path, encoding: encoding, blockBytes: 7 * 48)
        writer.setGlobalAttribute("Project", [.char("Ferry"), .int8([.min, .max]), .double([.nan, -0.0])])
        let epoch = try writer.define(.init(name: "Epoch", type: .timeTT2000))
        let matrix = try writer.define(.init(name: "matrix", type: .real8, dimensions: [2, 3]))
        let ids = try writer.define(.init(name: "ids", type: .uint2, dimensions: [3], recordVarying: false))
        let labels = try writer.define(.init(name: "labels", type: .char, elements: 6, dimensions: [2], recordVarying: false))
        writer.setAttribute("UNITS", of: matrix, .char("m"))
        writer.setAttribute("FILLVAL", of: epoch, .timeTT2000([TT2000.fill]))
        for record in 0..<500 {
            try writer.append([Int64(record) * 1_000_000_007], to: epoch)
            try writer.append((0..<6).map { Double(record * 6 + $0) / 4 }, to: matrix)
        }
        try writer.append([1, 65535, 7] as [UInt16], to: ids)
        try writer.append(strings: ["alpha", "b"], to: labels)
        try writer.close()
        return path
    }

    @Test(arguments: [CDFEncoding.littleEndian, .bigEndian])
    func readsWhatFerryWrites(_ encoding: CDFEncoding) throws {
        let file = try CDFFile(path: try writeSample(encoding))
        #expect(file.format.encoding == encoding && file.format.rowMajor && !file.format.md5)
        #expect(file.variables.map(\.name) == ["Epoch", "matrix", "ids", "labels"])
        let project = try #require(file.attribute("Project"))
        #expect(project.entries.map(\.number) == [0, 1, 2])
        #expect(project.entries[0].value == .char("Ferry") && project.entries[1].value == .int8([.min, .max]))
        guard case let .double(doubles) = project.entries[2].value else { Issue.record("entry 2 type"); return }
        #expect(doubles[0].isNaN && doubles[1] == 0 && doubles[1].sign == .minus)

        let epoch = try #require(file.variable("Epoch"))
        #expect(epoch.recordCount == 500 && epoch.attribute("FILLVAL")?.value == .timeTT2000([TT2000.fill]))
        #expect(try file.values(of: epoch) == .timeTT2000((0..<500).map { Int64($0) * 1_000_000_007 }))
        let matrix = try #require(file.variable("matrix"))
        #expect(matrix.dimensions == [2, 3] && matrix.attribute("UNITS")?.value == .char("m"))
        // Ranges that start and end inside blocks, and one record at a block edge.
        for range in [0..<500, 3..<11, 6..<8, 499..<500, 250..<250] {
            #expect(try file.values(of: matrix, records: range)
                    == .real8((range.lowerBound * 6..<range.upperBound * 6).map { Double($0) / 4 }), "\(range)")
        }
        #expect(try file.values(of: try #require(file.variable("ids"))) == .uint2([1, 65535, 7]))
        #expect(try file.strings(of: try #require(file.variable("labels"))) == ["alpha ", "b     "])
        #expect { try file.values(of: matrix, records: 0..<501) } throws: { "\($0)".contains("outside 0..<500") }
    }

    /// Big-endian 8-byte field at `offset`.
    func int64(_ bytes: [UInt8], _ offset: Int) -> Int {
        bytes[offset..<offset + 8].reduce(0) { $0 << 8 | Int($1) }
    }

    func set(_ bytes: inout [UInt8], _ offset: Int, _ value: Int64) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (56 - 8 * i)) }
    }

    @Test func chainsThatLoopAreErrorsNamingTheRecord() throws {
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: try writeSample(.littleEndian))))
        let gdr = int64(original, 8 + 12)
        let adr = int64(original, gdr + 28)
        var bytes = original
        set(&bytes, adr + 12, Int64(adr))   // ADRnext → itself
        #expect { try CDFFile(contentsOf: bytes, path: "loop.cdf") } throws: {
            "\($0)".contains("loop.cdf") && "\($0)".contains("offset \(adr) (ADR)") && "\($0)".contains("loops")
        }
        let vdr = int64(original, gdr + 20)
        let vxr = int64(original, vdr + 28)
        bytes = original
        set(&bytes, vxr + 12, Int64(vxr))   // VXRnext → itself
        #expect { try CDFFile(contentsOf: bytes) } throws: { "\($0)".contains("offset \(vxr) (VXR)") }
        bytes = original
        set(&bytes, vdr + 28, Int64(adr))   // VXRhead → an ADR
        #expect { try CDFFile(contentsOf: bytes) } throws: { "\($0)".contains("record type 4 where VXR was expected") }
    }

    @Test func truncatedAndOversizedInputIsAnError() throws {
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: try writeSample(.littleEndian))))
        for length in [0, 7, 8, 100, 320, 400, original.count / 2, original.count - 1] {
            #expect(throws: CDFError.self, "\(length) bytes") { try CDFFile(contentsOf: Array(original.prefix(length))) }
        }
        // A dimension size of 2^31 − 1 in every slot: the record size overflows and is refused, not multiplied.
        let gdr = int64(original, 8 + 12)
        let vdr = int64(original, int64(original, gdr + 20) + 12)   // the second zVDR: matrix, 2 × 3
        var bytes = original
        for slot in 0..<2 {
            let at = vdr + 344 + 4 * slot
            bytes.replaceSubrange(at..<at + 4, with: [0x7F, 0xFF, 0xFF, 0xFF])
        }
        #expect { try CDFFile(contentsOf: bytes) } throws: { "\($0)".contains("(zVDR at \(vdr))") && "\($0)".contains("exceeds") }
    }
}

/// Reading a record range touches only the blocks that hold it, and unused records are ignored.
@Suite struct CDFRandomAccessTests {
    @Test func aRangeReadsOnlyTheBlocksThatHoldIt() async throws {
        // NASA's library stored zipped_int (20,000 records) as two CVVRs: 0…16383 and 16384…19999.
        let path = try await CDFPeerFixtures.full.value.file("nasa_compressed_vars.cdf")
        let original = try CDFFile(path: path)
        let variable = try #require(original.variable("zipped_int"))
        let leaves = original.indexes[try #require(original.variables.firstIndex(of: variable))]
        #expect(leaves.map(\.first) == [0, 16384] && leaves.allSatisfy(\.compressed))
        // Wreck the second block's compressed data.
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let data = Int(leaves[1].offset) + 24
        for i in data..<data + 64 { bytes[i] = 0xA5 }
        let file = try CDFFile(contentsOf: bytes, path: "wrecked.cdf")
        #expect(try file.values(of: variable, records: 100..<16384) == .int4((100..<16384).map { Int32($0 * 3) }))
        #expect { try file.values(of: variable, records: 16380..<16390) } throws: {
            "\($0)".contains("wrecked.cdf: offset \(data) (CVVR at \(leaves[1].offset))")
        }
    }

    @Test func unusedInternalRecordsAreIgnored() async throws {
        let path = try await CDFPeerFixtures.full.value.file("nasa_plain.cdf")
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        func int64(_ at: Int) -> Int { bytes[at..<at + 8].reduce(0) { $0 << 8 | Int($1) } }
        func put(_ value: Int, at: Int) { for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (56 - 8 * i)) } }
        // Two chained UIRs appended after the last record, linked from the GDR, eof moved past them.
        let gdr = int64(20), end = bytes.count
        var uirs: [UInt8] = []
        for (index, next) in [end + 40, 0].enumerated() {
            var uir = [UInt8](repeating: 0, count: 40)
            for i in 0..<8 { uir[i] = UInt8(truncatingIfNeeded: 40 >> (56 - 8 * i)) }
            uir[8...11] = [0xFF, 0xFF, 0xFF, 0xFF]
            for i in 0..<8 { uir[12 + i] = UInt8(truncatingIfNeeded: next >> (56 - 8 * i)) }
            let previous = index == 0 ? 0 : end
            for i in 0..<8 { uir[20 + i] = UInt8(truncatingIfNeeded: previous >> (56 - 8 * i)) }
            uirs += uir
        }
        bytes += uirs
        put(end, at: gdr + 64)
        put(end + 80, at: gdr + 36)
        let withUIRs = try CDFFile(contentsOf: bytes)
        let plain = try CDFFile(path: path)
        #expect(withUIRs.variables == plain.variables)
        for variable in plain.variables {
            #expect(try withUIRs.valueBytes(of: variable) == plain.valueBytes(of: variable), "\(variable.name)")
        }
    }
}
