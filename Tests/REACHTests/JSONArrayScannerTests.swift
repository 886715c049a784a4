import Foundation
import Testing
import FerryTestSupport
@testable import REACH

/// The streaming splitter of a JSON artifact's top-level array into elements.
@Suite struct JSONArrayScannerTests {
    func elements(_ text: String) throws -> [String] {
        let directory = try TemporaryDirectory()
        let path = directory.path("day.json")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var found: [String] = []
        try JSONArrayScanner(path: path).forEachElement { bytes, index in
            #expect(index == found.count + 1)
            found.append(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        }
        return found
    }

    @Test func nestingAndStringsDoNotSplitElements() throws {
        #expect(try elements(#"[{"a": [1, {"b": "],}"}]}, {"c": "\"]"} ]"#) == [#"{"a": [1, {"b": "],}"}]}"#, #"{"c": "\"]"}"#])
        #expect(try elements("[]") == [])
    }

    /// A stray closing brace stays inside its element (whose parse then fails with the element's
    /// number); it must not unbalance the nesting count and swallow the elements after it.
    @Test func aStrayClosingBraceStaysInItsElement() throws {
        #expect(try elements(#"[{"a": 1}}, {"b": 2}, {"c": 3}]"#) == [#"{"a": 1}}"#, #"{"b": 2}"#, #"{"c": 3}"#])
    }
}
