import Foundation
import JSONValue
@testable import Stations
import Testing

/// The station pages' reader agrees with Foundation's decoder, escapes and all, and refuses what is not JSON.
@Suite struct JSONReaderTests {
    @Test(arguments: [
        #"{"value": [{"Id": "a-1", "Size": 20000000000, "Ratio": 0.25, "Exp": 1e3, "Neg": -7, "Ok": true, "No": false, "Nil": null}], "@odata.count": 1}"#,
        #"["\"quoted\" \\ \/ \b\f\n\r\t", "\u00e9\u20ac\ud83d\ude00", "plain é €", [], {}, [[1, [2]], {"k": {"k": []}}]]"#,
        "  42  ", #""""#, "-0.5",
    ])
    func agreesWithFoundation(document: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
        let read = try Array(document.utf8).withUnsafeBytes { try JSONReader.value($0) }
        #expect(read == expected)
    }

    @Test(arguments: [#"{"a": 1"#, "[1,]x", #"{"a" 1}"#, "tru", #""\x""#, "[1] 2", "", "{\"a\": \"\u{01}\"}"])
    func refusesWhatIsNotJSON(document: String) {
        #expect(throws: JSONReader.Malformed.self) { try Array(document.utf8).withUnsafeBytes { try JSONReader.value($0) } }
    }
}
