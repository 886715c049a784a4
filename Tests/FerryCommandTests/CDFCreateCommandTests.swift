import Foundation
import Testing
import FerryTestSupport

/// `ferry cdf create SPEC.json OUT.cdf`: a file from a document; a bad field is exit 2, named by its
/// JSON path, with nothing left at OUT.
@Suite struct CDFCreateCommandTests {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test func createsAFileAndRejectsABadFieldByItsPath() async throws {
        let good = directory.path("good.json"), bad = directory.path("bad.json")
        try #"{"format": {"checksum": "md5"}, "variables": [{"name": "x", "type": "CDF_INT2", "records": [1, 2, 3]}]}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"variables": [{"name": "x", "type": "CDF_INT2", "records": [1]}, {"name": "y", "type": "CDF_INT1", "records": [1]}, {"name": "z", "type": "CDF_INT2", "records": [1, "x"]}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let created = try await ProcessOutput.run(ferry, ["cdf", "create", good, directory.path("good.cdf")])
        #expect(created.status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: directory.path("good.cdf")))
        #expect(Array(bytes.prefix(8)) == [0xCD, 0xF3, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF])

        let failed = try await ProcessOutput.run(ferry, ["cdf", "create", bad, directory.path("bad.cdf")])
        #expect(failed.status == 2)
        let message = String(decoding: failed.stderr, as: UTF8.self)
        #expect(message.contains("variables[2].records[1]: expected an integer that fits CDF_INT2"), "\(message)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("bad.cdf") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func dumpThenCreateThenDumpPrintsTheSameDocument() async throws {
        let spec = directory.path("spec.json")
        try #"{"format": {"encoding": "NETWORK", "majority": "column", "compression": "gzip", "checksum": "md5"}, "attributes": [{"name": "TEXT", "entries": [{"type": "CDF_CHAR", "value": "one"}, {"num": 3, "type": "CDF_REAL8", "value": ["NaN", 1e-300]}]}], "variables": [{"name": "m", "type": "CDF_INT8", "dims": [2, 2], "compression": "gzip:9", "blockingFactor": 2, "records": [[[-9223372036854775808, 1], [2, 3]], [[4, 5], [6, 9223372036854775807]], [[0, 0], [0, 0]]]}]}"#
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let first = directory.path("first.cdf"), second = directory.path("second.cdf"), dumped = directory.path("dumped.json")
        #expect(try await ProcessOutput.run(ferry, ["cdf", "create", spec, first]).status == 0)
        let dump = try await ProcessOutput.run(ferry, ["cdf", "dump", "--json", first])
        #expect(dump.status == 0)
        try dump.stdout.write(to: URL(fileURLWithPath: dumped))
        #expect(try await ProcessOutput.run(ferry, ["cdf", "create", dumped, second]).status == 0)
        let again = try await ProcessOutput.run(ferry, ["cdf", "dump", "--json", second])
        #expect(again.status == 0 && again.stdout == dump.stdout)
        #expect(String(decoding: dump.stdout, as: UTF8.self).contains("9223372036854775807"))
    }
}
