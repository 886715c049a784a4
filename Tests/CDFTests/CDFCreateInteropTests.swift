import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// Specs covering every type and shape, written by Ferry from the JSON document and read back by
/// NASA's library (spacepy, validation on) and cdflib, value for value.
@Suite struct CDFCreateInteropTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// Writes `specPath` with Ferry and returns what the peers disagree with (empty: all equal).
    func writeAndCompare(spec specPath: String, cdf cdfPath: String) async throws -> (problems: [String], checked: Int) {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        try CDFDocumentWriter.write(try CDFDocument(json: text, source: specPath), to: cdfPath, source: specPath)
        let output = try await PythonPeer.run(CDFWriterPeerScripts.compare, arguments: [specPath, cdfPath])
        let result = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
        return (try #require(result["problems"] as? [String]), try #require(result["checked"] as? Int))
    }

    @Test(arguments: [
        ("IBMPC", "none", "none", "none"),
        ("NETWORK", "none", "none", "none"),
        ("IBMPC", "gzip", "none", "none"),
        ("NETWORK", "gzip:9", "none", "md5"),
        ("IBMPC", "none", "gzip", "none"),
        ("IBMPC", "gzip:1", "gzip", "md5"),
        ("NETWORK", "none", "none", "md5"),
    ])
    func everyTypeAndShapeReadsIdenticallyInBothPeers(_ encoding: String, _ variableCompression: String,
                                                      _ fileCompression: String, _ checksum: String) async throws {
        let spec = directory.path("spec.json")
        let output = try await PythonPeer.run(CDFWriterPeerScripts.makeSpec, arguments: [encoding, variableCompression, fileCompression, checksum])
        try output.stdout.write(to: URL(fileURLWithPath: spec))
        let result = try await writeAndCompare(spec: spec, cdf: directory.path("all.cdf"))
        #expect(result.problems == [], "\(result.problems.prefix(20).joined(separator: "\n"))")
        #expect(result.checked > 2000)
    }

    /// 20,000 records in blocks of two: 10,000 data records, indexed as a VXR tree; a gzip variable
    /// of real CVVRs; a dimension that does not vary.
    @Test func tenThousandBlocksAndCompressedBlocksReadIdentically() async throws {
        let spec = directory.path("big.json")
        let generator = """
            import json, math, sys
            n = 20000
            spec = {"format": {"encoding": "IBMPC"}, "variables": [
              {"name": "t", "type": "CDF_TIME_TT2000", "compression": "gzip", "blockingFactor": 2,
               "records": [536500869184000000 + i * 5000000000 for i in range(n)]},
              {"name": "x", "type": "CDF_REAL4", "dims": [4], "compression": "gzip:6", "blockingFactor": 100,
               "records": [[math.sin(i / 50), 0.0, 1.0, i % 7] for i in range(n)]},
              {"name": "dv", "type": "CDF_INT2", "dims": [3, 2], "dimVarys": [False, True], "records": [[i % 100, -(i % 100)] for i in range(5)]}]}
            json.dump(spec, open(sys.argv[1], "w"))
            """
        try await PythonPeer.run(generator, arguments: [spec])
        let cdf = directory.path("big.cdf")
        let result = try await writeAndCompare(spec: spec, cdf: cdf)
        #expect(result.problems == [], "\(result.problems.prefix(20).joined(separator: "\n"))")
        // The index is a tree: 1,000 leaf VXRs, 100 above them, 10 on top (t), 20 + 2 (x), 1 (dv);
        // x's blocks are CVVRs.
        let counts = try recordCounts(cdf)
        #expect(counts[6] == 1133 && counts[13] == 200, "\(counts)")
    }

    @Test func aCorruptedChecksummedFileIsRejectedByBothPeers() async throws {
        let spec = directory.path("md5.json")
        let output = try await PythonPeer.run(CDFWriterPeerScripts.makeSpec, arguments: ["IBMPC", "none", "none", "md5"])
        try output.stdout.write(to: URL(fileURLWithPath: spec))
        let cdf = directory.path("md5.cdf")
        #expect(try await writeAndCompare(spec: spec, cdf: cdf).problems == [])
        var bytes = try #require(FileManager.default.contents(atPath: cdf))
        bytes[bytes.count - 100] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: cdf))
        let probe = """
            import sys
            from spacepy import pycdf
            import cdflib
            try:
                pycdf.CDF(sys.argv[1]); print("nasa accepted")
            except pycdf.CDFError as e:
                print("nasa:", e)
            try:
                cdflib.CDF(sys.argv[1], validate=True); print("cdflib accepted")
            except Exception as e:
                print("cdflib:", e)
            """
        let text = String(decoding: try await PythonPeer.run(probe, arguments: [cdf]).stdout, as: UTF8.self)
        #expect(text.contains("nasa: CHECKSUM_ERROR") && text.contains("cdflib: This file fails the md5 checksum"), "\(text)")
    }

    /// Record types from offset 8 to GDR.eof, counted (the file's records as NASA's library walks them).
    func recordCounts(_ path: String) throws -> [Int32: Int] {
        let data = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        func int64(_ at: Int) -> Int64 { data[at..<at + 8].reduce(0) { $0 << 8 | Int64($1) } }
        func int32(_ at: Int) -> Int32 { Int32(bitPattern: data[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }) }
        let eof = Int(int64(320 + 36))
        var offset = 8
        var counts: [Int32: Int] = [:]
        while offset < eof {
            counts[int32(offset + 8), default: 0] += 1
            offset += Int(int64(offset))
        }
        #expect(offset == eof)
        return counts
    }
}
