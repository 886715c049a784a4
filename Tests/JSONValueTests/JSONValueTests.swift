import Foundation
import JSONValue
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsEveryKindAndKeepsLargeIntegersExact() throws {
        let text = #"{"a":null,"b":true,"c":9007199254740993,"d":1.5,"e":"x","f":[1,"y"],"g":{"h":false}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value["c"] == .integer(9_007_199_254_740_993))
        #expect(value["d"] == .number(1.5))
        #expect(value["f"] == [1, "y"])
        #expect(value["g"]?["h"]?.boolValue == false)
        #expect(value["a"] == .null)
        #expect(value["missing"] == nil)
        let again = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(again == value)
    }

    @Test func integerValueAcceptsWholeNumbersOnly() {
        #expect(JSONValue.number(42).integerValue == 42)
        #expect(JSONValue.number(4.5).integerValue == nil)
        #expect(JSONValue.string("4").integerValue == nil)
    }
}
