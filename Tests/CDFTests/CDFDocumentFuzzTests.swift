import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// `ferry cdf create` will read documents people write by hand: mutated JSON must parse or fail
/// with a CDFError, and whatever parses must print again without trapping.
@Suite struct CDFDocumentFuzzTests {
    @Test func mutatedDocumentsParseOrFailWithACDFError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("doc.cdf")
        let writer = try CDFWriter(path: path)
        writer.setGlobalAttribute("Project", [.char("fuzz \"json\""), .int8([.min, .max]), .double([.nan, 1e300])])
        let epoch = try writer.define(.init(name: "Epoch", type: .timeTT2000))
        let grid = try writer.define(.init(name: "grid", type: .real4, dimensions: [2, 2]))
        let name = try writer.define(.init(name: "name", type: .char, elements: 3, recordVarying: false))
        writer.setAttribute("UNITS", of: grid, .char("K"))
        for record in 0..<5 {
            try writer.append([Int64(record)], to: epoch)
            try writer.append([0.5, -.infinity, .nan, Float(record)], to: grid)
        }
        try writer.append(strings: ["abc"], to: name)
        try writer.close()
        let json = Array(try CDFDocument(file: try CDFFile(path: path)).json().utf8)

        var random = SeededGenerator(seed: 0x15_0_4A50)
        let tokens = Array("{}[]\",:0123456789-.eE truefalsenull\\u".utf8)
        var parsed = 0
        for _ in 0..<3_000 {
            var bytes = json
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[at] = tokens.randomElement(using: &random)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(tokens.randomElement(using: &random)!, at: at)
                default: bytes.removeSubrange(at...)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            do {
                let document = try CDFDocument(json: String(decoding: bytes, as: UTF8.self))
                _ = document.json()
                parsed += 1
            } catch is CDFError {
                // Expected for most mutations.
            }
        }
        #expect(parsed > 0, "some mutations (inside numbers and strings) still parse")
    }
}
