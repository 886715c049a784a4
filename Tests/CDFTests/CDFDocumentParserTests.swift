import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// The JSON document's checks: exact 64-bit integers, and errors that name the bad field's path.
@Suite struct CDFDocumentParserTests {
    func parse(_ text: String) throws -> CDFDocument { try CDFDocumentParser.parse(Array(text.utf8)) }

    func error(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch { return "\(error)" }
    }

    @Test func sixtyFourBitIntegersStayExact() throws {
        let document = try parse("""
            {"variables": [{"name": "t", "type": "CDF_TIME_TT2000", "records": [-9223372036854775808, 9223372036854775807, 9223372036854775806]},
                           {"name": "i", "type": "CDF_INT8", "records": [-9223372036854775807]},
                           {"name": "u", "type": "CDF_UINT4", "records": [4294967295]}]}
            """)
        #expect(document.variables[0].records == [.timeTT2000([.min]), .timeTT2000([.max]), .timeTT2000([.max - 1])])
        #expect(document.variables[1].records == [.int8([.min + 1])])
        #expect(document.variables[2].records == [.uint4([.max])])
    }

    @Test func specialFloatsAndEpoch16() throws {
        let document = try parse("""
            {"variables": [{"name": "f", "type": "CDF_REAL8", "records": ["NaN", "Infinity", "-Infinity", 1e-300]},
                           {"name": "e", "type": "CDF_EPOCH16", "dims": [2], "records": [[[1, 2], [3, 4]]]}]}
            """)
        guard case let .real8(values) = document.variables[0].records[0] else { Issue.record("not REAL8"); return }
        #expect(values[0].isNaN)
        #expect(document.variables[0].records[1] == .real8([.infinity]) && document.variables[0].records[3] == .real8([1e-300]))
        #expect(document.variables[1].records == [.epoch16([1, 2, 3, 4])])
    }

    @Test func errorsNameTheJSONPath() {
        let base = #"{"variables": [{"name": "a", "type": "CDF_INT1", "records": [1]}, {"name": "b", "type": "CDF_INT1", "records": [1]}, "#
        #expect(error(base + #"{"name": "c", "type": "CDF_INT2", "records": [1, 2, "x"]}]}"#)
                == #"variables[2].records[2]: expected CDF_INT2, got "x""#)
        #expect(error(base + #"{"name": "c", "type": "CDF_INT2", "records": [40000]}]}"#)
                == "variables[2].records[0]: 40000 is out of CDF_INT2's range")
        #expect(error(base + #"{"name": "c", "type": "CDF_REAL4", "dims": [2], "records": [[1, 2], [3]]}]}"#)
                == "variables[2].records[1]: expected an array of 2, got an array of 1")
        #expect(error(base + #"{"name": "c", "type": "CDF_INT5", "records": []}]}"#).hasPrefix("variables[2].type: expected a CDF type name"))
        #expect(error(base + #"{"name": "c", "type": "CDF_CHAR", "numElems": 2, "records": ["abc"]}]}"#)
                == #"variables[2].records[0]: "abc" is 3 bytes, longer than numElems 2"#)
        #expect(error(#"{"format": {"checksum": "sha1"}}"#) == #"format.checksum: expected "none" or "md5", got "sha1""#)
        #expect(error(#"{"attributes": [{"name": "A", "scope": "global", "entries": [{"num": 0, "type": "CDF_INT4", "value": 1.5}]}]}"#)
                == "attributes[0].entries[0].value: expected CDF_INT4 (an integer), got 1.5")
        #expect(error(#"{"variables": [{"name": "t", "type": "CDF_INT8", "records": [9223372036854775808]}]}"#)
                == "variables[0].records[0]: expected CDF_INT8 (an integer), got 9223372036854775808")
        #expect(error(#"{"variables": [}"#).hasPrefix("JSON syntax error at byte 15"))
    }

    @Test func aFailedCreateLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        let document = CDFDocument(variables: [
            .init(definition: .init(name: "x", type: .int4), records: [.int4([1])]),
            .init(definition: .init(name: "x", type: .int4), records: [.int4([2])]),   // defined twice
        ])
        #expect(throws: CDFDocumentError.self) { try CDFDocumentWriter.write(document, to: directory.path("out.cdf")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }
}
