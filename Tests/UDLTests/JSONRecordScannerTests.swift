import Testing
import UDLRecordFormat

@Suite struct JSONRecordScannerTests {
    private func scan(_ text: String) throws -> [[String: String]] {
        var out: [[String: String]] = []
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { mutable in
            let buffer = UnsafeBufferPointer(mutable)
            try JSONRecordScanner.scanRecords(buffer) { _, members in
                var record: [String: String] = [:]
                for member in members {
                    let key = String(decoding: buffer[member.key], as: UTF8.self)
                    if member.kind == .string {
                        var value: [UInt8] = []
                        JSONRecordScanner.unescape(buffer, member.value, into: &value)
                        record[key] = String(decoding: value, as: UTF8.self)
                    } else {
                        record[key] = String(decoding: buffer[member.value], as: UTF8.self)
                    }
                }
                out.append(record)
            }
        }
        return out
    }

    @Test func anArrayOfRecords() throws {
        let records = try scan(#"[{"id": "a", "n": -1.5e-3, "ok": true, "x": null, "seoList": [{"v": [1, {"w": "]"}]}]}, {"id":"b"}]"#)
        #expect(records.count == 2)
        #expect(records[0]["n"] == "-1.5e-3" && records[0]["ok"] == "true" && records[0]["x"] == "null")
        #expect(records[0]["seoList"] == #"[{"v": [1, {"w": "]"}]}]"#)
        #expect(records[1]["id"] == "b")
    }

    @Test func aSingleObjectIsAListOfOneAndAnEmptyBodyIsNone() throws {
        #expect(try scan(#" {"id": "only"} "#).map { $0["id"] } == ["only"])
        #expect(try scan("").isEmpty)
        #expect(try scan(" [ ] ").isEmpty)
    }

    @Test func escapesAreDecoded() throws {
        let records = try scan(#"[{"s": "a\"b\\c\n\u00e9\ud83d\ude80"}]"#)
        #expect(records[0]["s"] == "a\"b\\c\né🚀")
    }

    @Test(arguments: [
        #"[{"id": "a"}"#, #"[{"id": "a"},"#, #"[{"id": "a""#, #"[{"id": "a"}]]"#, #"[{"id": }]"#,
        #"[{"id": "a"} {"id": "b"}]"#, #"[1]"#, #"[{"n": 1.}]"#, #"[{"s": "\x"}]"#, "[{\"s\": \"a\nb\"}]", #"[{"t": tru}]"#,
    ])
    func truncatedOrMalformedAnswersAreErrors(text: String) {
        #expect(throws: JSONRecordScanner.Malformed.self) { try scan(text) }
    }
}
