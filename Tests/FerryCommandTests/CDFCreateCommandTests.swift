import Foundation
import Testing
import FerryTestSupport

/// `ferry cdf create SPEC.json OUT.cdf`: a file from a document; a bad field is exit 2, named by its
/// JSON path, with nothing left at OUT.
@Suite struct CDFCreateCommandTests {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test func createsAFileAndRejectsABadFieldByItsPath() throws {
        let good = directory.path("good.json"), bad = directory.path("bad.json")
        try #"{"format": {"checksum": "md5"}, "variables": [{"name": "x", "type": "CDF_INT2", "records": [1, 2, 3]}]}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"variables": [{"name": "x", "type": "CDF_INT2", "records": [1]}, {"name": "y", "type": "CDF_INT1", "records": [1]}, {"name": "z", "type": "CDF_INT2", "records": [1, "x"]}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let created = try ProcessOutput.run(ferry, ["cdf", "create", good, directory.path("good.cdf")])
        #expect(created.status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: directory.path("good.cdf")))
        #expect(Array(bytes.prefix(8)) == [0xCD, 0xF3, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF])

        let failed = try ProcessOutput.run(ferry, ["cdf", "create", bad, directory.path("bad.cdf")])
        #expect(failed.status == 2)
        let message = String(decoding: failed.stderr, as: UTF8.self)
        #expect(message.contains(#"variables[2].records[1]: expected CDF_INT2, got "x""#), "\(message)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("bad.cdf") }
        #expect(left.isEmpty, "\(left)")
    }
}
