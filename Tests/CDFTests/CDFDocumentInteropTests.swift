import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// The JSON document of `ferry cdf dump --json`, checked field by field against what NASA's
/// library reads from the same file; and its exact spellings of numbers.
@Suite struct CDFDocumentInteropTests {
    @Test(arguments: CDFPeerFixtures.names)
    func theDocumentMatchesWhatNASAReads(_ name: String) async throws {
        let path = try await CDFPeerFixtures.full.value.file(name)
        let json = try CDFDocument(file: try CDFFile(path: path)).json()
        let directory = try TemporaryDirectory()
        let documentPath = directory.path("dump.json")
        try json.write(toFile: documentPath, atomically: true, encoding: .utf8)
        let output = try await PythonPeer.run(CDFPeerScripts.dumpChecker, arguments: [path, documentPath])
        let problems = try JSONDecoder().decode([String].self, from: output.stdout)
        #expect(problems == [], "\(name)")
    }

    @Test(arguments: CDFPeerFixtures.names)
    func theJSONParsesBackToTheSameDocument(_ name: String) async throws {
        let json = try CDFDocument(file: try CDFFile(path: try await CDFPeerFixtures.full.value.file(name))).json()
        // Compared as text: NaN values make documents unequal to themselves.
        #expect(try CDFDocument(json: json).json() == json, "\(name)")
    }

    @Test func badJSONIsAnErrorNamingThePath() async throws {
        let json = try CDFDocument(file: try CDFFile(path: try await CDFPeerFixtures.full.value.file("nasa_plain.cdf"))).json()
        #expect { try CDFDocument(json: String(json.dropLast(5)), source: "spec.json") } throws: {
            "\($0)".hasPrefix("spec.json: byte ")
        }
        let wide = json.replacingOccurrences(of: "\"records\": [\n        [[0.0, 0.1]", with: "\"records\": [\n        [[0.0, 0.1, 0.2]")
        #expect(wide != json)
        #expect { try CDFDocument(json: wide) } throws: { "\($0)".contains("variables[1].records[0][0]: 3 elements where the dimension has 2") }
        let big = json.replacingOccurrences(of: "\"value\": 7}", with: "\"value\": 70000}")
        #expect(big != json)
        #expect { try CDFDocument(json: big) } throws: { "\($0)".contains("fits CDF_UINT2") }
    }

    @Test func numbersAreSpelledExactly() {
        #expect(JSONText.value(.int8([.min, .max])) == "[-9223372036854775808, 9223372036854775807]")
        #expect(JSONText.value(.uint4([4_294_967_295])) == "4294967295")
        #expect(JSONText.value(.real8([.nan, .infinity, -.infinity, 1e-300])) == "[\"NaN\", \"Infinity\", \"-Infinity\", 1e-300]")
        #expect(JSONText.value(.real4([0.1])) == "0.1")
        #expect(JSONText.value(.epoch16([63_000_000_000, 5, 1, 2])) == "[[63000000000.0, 5.0], [1.0, 2.0]]")
        #expect(JSONText.value(.char("a\"b\\\u{1}")) == "\"a\\\"b\\\\\\u0001\"")
    }

    @Test func recordsNestRowMajorByTheVaryingDimensions() {
        let variable = CDFDocument.Variable(
            name: "v", kind: .r, type: .int2, numElems: 1, dims: [2, 5, 3], dimVarys: [true, false, true], recVary: true,
            maxRec: 1, pad: nil, compression: "none", blockingFactor: 0, attributes: [],
            records: .numbers(.int2((0..<12).map { Int16($0) })))
        #expect(variable.recordsJSON() == ["[[0, 1, 2], [3, 4, 5]]", "[[6, 7, 8], [9, 10, 11]]"])
    }
}
