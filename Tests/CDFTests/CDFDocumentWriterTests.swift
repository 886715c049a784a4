import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// `ferry cdf create`'s half of the document: dump → create → dump is the identity on files from
/// NASA's library and cdflib; defaults for hand-written documents; refusals named by JSON path.
@Suite struct CDFDocumentWriterTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// The fixture's document with what the writer does not keep made explicit: the version it
    /// writes, and rVariables (none of which it writes) turned into zVariables.
    func writable(_ document: CDFDocument) -> CDFDocument {
        var document = document
        document.format.version = "3.9.0"
        for index in document.variables.indices { document.variables[index].kind = .z }
        return document
    }

    @Test(arguments: CDFPeerFixtures.names)
    func dumpCreateDumpIsTheIdentity(_ name: String) async throws {
        let original = writable(try CDFDocument(file: try CDFFile(path: try await CDFPeerFixtures.full.value.file(name))))
        let path = directory.path("again.cdf")
        try CDFDocumentWriter.write(try CDFDocument(json: original.json()), to: path)
        let file = try CDFFile(path: path)
        if file.format.md5 { try file.verifyChecksum() }
        // Compared as JSON text: NaN makes a document unequal to itself.
        #expect(try CDFDocument(file: file).json() == original.json(), "\(name)")
    }

    @Test func aHandWrittenDocumentNeedsOnlyNamesTypesAndRecords() throws {
        let document = try CDFDocument(json: """
            {"variables": [{"name": "t", "type": "CDF_TIME_TT2000", "records": [-9223372036854775808, 9223372036854775807]},
                           {"name": "label", "type": "CDF_CHAR", "dims": [2], "records": [["ab", "cde"]]}]}
            """)
        #expect(document.format == .init(version: "3.9.0", encoding: "IBMPC", majority: "row", compression: "none", checksum: "none"))
        let (time, label) = (document.variables[0], document.variables[1])
        #expect(time.kind == .z && time.recVary && time.maxRec == 1 && time.numElems == 1 && time.compression == "none")
        #expect(time.records == .numbers(.timeTT2000([.min, .max])))
        #expect(label.numElems == 3 && label.dimVarys == [true] && label.maxRec == 0)
        let path = directory.path("hand.cdf")
        try CDFDocumentWriter.write(document, to: path)
        let back = try CDFDocument(file: try CDFFile(path: path))
        #expect(back.variables[0].records == .numbers(.timeTT2000([.min, .max])))
        // CHAR values are fixed-width: a shorter one is padded with spaces, and a dump shows the stored bytes.
        #expect(back.variables[1].records == .strings(["ab ", "cde"]))
    }

    @Test(arguments: [
        (#"{"name": "v", "kind": "r", "type": "CDF_INT1", "records": [1]}"#, "variables[1].kind: Ferry writes zVariables only"),
        (#"{"name": "v", "type": "CDF_INT1", "compression": "rle", "records": [1]}"#, #"variables[1].compression: Ferry writes "none", "gzip""#),
        (#"{"name": "v", "type": "CDF_INT1", "compression": "gzip:10", "records": [1]}"#, #"variables[1].compression: Ferry writes"#),
        (#"{"name": "v", "type": "CDF_CHAR", "numElems": 2, "records": ["abc"]}"#, "variables[1].records: value 0 is longer than numElems (2 bytes)"),
        (#"{"name": "v", "type": "CDF_INT4", "maxRec": 5, "records": [1, 2]}"#, "variables[1].records: 2 records of [] where maxRec 5 says 6"),
        (#"{"name": "v", "type": "CDF_INT4", "recVary": false, "records": [1, 2]}"#, "variables[1].records: a variable with recVary false holds at most one record"),
        (#"{"name": "v", "type": "CDF_INT2", "numElems": 3, "records": [1]}"#, "variables[1].numElems: CDF_INT2 takes 1 element per value"),
    ])
    func whatTheWriterCannotKeepIsRefusedByPath(_ variable: String, _ message: String) throws {
        let text = #"{"variables": [{"name": "ok", "type": "CDF_REAL8", "records": [1.5]}, "# + variable + "]}"
        let path = directory.path("refused.cdf")
        #expect { try CDFDocumentWriter.write(try CDFDocument(json: text, source: "spec.json"), to: path, source: "spec.json") } throws: {
            "\($0)".hasPrefix("spec.json: " + message)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func unknownEncodingsAndMajoritiesAreRefused() throws {
        for (format, message) in [(#""encoding": "VAX""#, "format.encoding: VAX is not an IEEE encoding"),
                                  (#""majority": "diagonal""#, #"format.majority: expected "row" or "column""#),
                                  (#""checksum": "sha1""#, #"format.checksum: expected "none" or "md5""#)] {
            let text = "{\"format\": {\(format)}, \"variables\": []}"
            #expect { try CDFDocumentWriter.write(try CDFDocument(json: text), to: directory.path("x.cdf")) } throws: {
                "\($0)".contains(message)
            }
        }
    }

    /// SUN (2) is big-endian like NETWORK: the code is kept, so the dump says SUN again.
    @Test func anotherEncodingOfTheSameByteOrderIsKept() throws {
        let path = directory.path("sun.cdf")
        try CDFDocumentWriter.write(try CDFDocument(json: #"{"format": {"encoding": "SUN"}, "variables": [{"name": "x", "type": "CDF_INT4", "records": [258]}]}"#), to: path)
        let back = try CDFDocument(file: try CDFFile(path: path))
        #expect(back.format.encoding == "SUN" && back.variables[0].records == .numbers(.int4([258])))
    }

    @Test func columnMajorRecordsAreStoredColumnMajorAndReadBackRowMajor() throws {
        let text = #"{"format": {"majority": "column"}, "variables": [{"name": "m", "type": "CDF_INT2", "dims": [2, 3], "records": [[[0, 1, 2], [3, 4, 5]]]}]}"#
        let path = directory.path("column.cdf")
        try CDFDocumentWriter.write(try CDFDocument(json: text), to: path)
        let file = try CDFFile(path: path)
        #expect(!file.format.rowMajor)
        #expect(try CDFDocument(file: file).variables[0].records == .numbers(.int2([0, 1, 2, 3, 4, 5])))
        // On disk the first index varies fastest: 0, 3, 1, 4, 2, 5.
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let stored: [UInt8] = [0, 0, 3, 0, 1, 0, 4, 0, 2, 0, 5, 0]
        #expect(bytes.firstRange(of: stored) != nil)
    }
}
