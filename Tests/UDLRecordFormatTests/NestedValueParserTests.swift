import Testing
@testable import UDLRecordFormat

@Suite struct NestedValueParserTests {
    @Test func parsesThePythonLiteralTheReferenceCSVHolds() throws {
        let text = "[{'obType': 'Energetic Charged Particle', 'obUoM': 'rad/second', 'obValue': 4.02944e-05, 'obQuality': '0', 'obDescription': 'DOSE1 (Flavor X) in rad/second'}]"
        let value = try NestedValueParser.parse(text)
        #expect(value[0]?["obValue"]?.double == 4.02944e-05)
        #expect(value[0]?["obDescription"]?.string == "DOSE1 (Flavor X) in rad/second")
        #expect(value[0]?["obQuality"]?.double == 0)
    }

    @Test func parsesJSON() throws {
        let value = try NestedValueParser.parse(#"{"a": [1, -2.5e3, true, null, "q\"uo\u00e9\ud83d\ude80"], "b": {}}"#)
        #expect(value["a"] == .list([.number(1), .number(-2500), .bool(true), .null, .string("q\"uoé🚀")]))
        #expect(value["b"] == .object([]))
    }

    @Test func parsesPythonSpellings() throws {
        #expect(try NestedValueParser.parse("(1.0, None, True, False, 'it\\'s')")
                == .list([.number(1), .null, .bool(true), .bool(false), .string("it's")]))
        #expect(try NestedValueParser.parse("[2641.6304332, -5135.1932749, -4251.2205054]")[2]?.double == -4251.2205054)
    }

    @Test(arguments: [("[1, 2", "unclosed list"), ("{'a' 1}", "expected ':'"), ("[1] x", "unexpected text"),
                      ("'open", "unclosed string"), ("[bogus]", "not a value"), ("", "expected a value")])
    func reportsWhatAndWhere(_ text: String, _ message: String) {
        #expect { try NestedValueParser.parse(text) } throws: { error in
            let error = error as! NestedValueError
            return error.message.contains(message) && error.description.contains("at character")
        }
    }

    @Test func writesJSONThatReadsBackTheSame() throws {
        let value = try NestedValueParser.parse("[{'obDescription': 'DOSE1 \\\"x\\\"', 'obValue': 4.02944e-05, 'n': 3, 'ok': True, 'none': None}]")
        #expect(value.jsonText == #"[{"obDescription": "DOSE1 \"x\"", "obValue": 4.02944e-05, "n": 3, "ok": true, "none": null}]"#)
        #expect(try NestedValueParser.parse(value.jsonText) == value)
    }
}

@Suite struct UDLTimeTests {
    @Test func parsesAndFormats() {
        #expect(UDLTime.milliseconds("2025-09-01T00:00:00.000Z") == 1_756_684_800_000)
        #expect(UDLTime.milliseconds("2025-09-01T23:59:59.999Z") == 1_756_771_199_999)
        #expect(UDLTime.milliseconds("2025-09-01T00:00:05.5Z") == 1_756_684_805_500)
        #expect(UDLTime.milliseconds("2025-09-01T00:00:05.123456+00:00") == 1_756_684_805_123)
        #expect(UDLTime.milliseconds("2025-09-01T00:00:05") == 1_756_684_805_000)
        #expect(UDLTime.milliseconds("2025-09-01") == nil)
        #expect(UDLTime.milliseconds("2025-09-01T25:00:00Z") == nil)
        #expect(UDLTime.milliseconds("2025-09-01T00:00:00.Z") == nil)
        #expect(UDLTime.format(milliseconds: 1_756_771_199_999) == "2025-09-01T23:59:59.999Z")
        #expect(UDLTime.format(milliseconds: 5) == "1970-01-01T00:00:00.005Z")
    }
}
