import Foundation
import Testing
import FerryTestSupport
@testable import CSVCodec

/// Reads `text` with a tiny buffer so that every rule is also exercised across buffer edges.
func readRows(_ text: String, chunkBytes: Int = 1 << 20) throws -> [[String]] {
    let directory = try TemporaryDirectory()
    let path = directory.path("in.csv")
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    var rows: [[String]] = []
    try CSVReader(path: path, chunkBytes: chunkBytes).forEachRecord { rows.append($0.strings) }
    return rows
}

@Suite struct CSVReaderTests {
    /// The rules of Python's csv.reader (excel dialect, non-strict), one row each; blank lines skipped as DictReader does.
    static let rules: [(String, [[String]])] = [
        ("a,b,c\r\n", [["a", "b", "c"]]),
        ("a,b\nc,d\n", [["a", "b"], ["c", "d"]]),
        ("a,b\rc,d\r", [["a", "b"], ["c", "d"]]),
        ("a,b", [["a", "b"]]),
        ("a,\r\n", [["a", ""]]),
        (",\r\n", [["", ""]]),
        ("\"a,b\",c\r\n", [["a,b", "c"]]),
        ("\"say \"\"hi\"\"\",x\r\n", [["say \"hi\"", "x"]]),
        ("\"line1\r\nline2\",x\r\n", [["line1\r\nline2", "x"]]),
        ("\"lone\rcr\",x\n", [["lone\rcr", "x"]]),
        ("ab\"c,d\r\n", [["ab\"c", "d"]]),
        ("\"ab\"cd,e\r\n", [["abcd", "e"]]),
        ("\"ab\"c\"d,e\r\n", [["abc\"d", "e"]]),
        ("\"\",x\r\n", [["", "x"]]),
        ("\"\"\r\n", [[""]]),
        ("a\r\n\r\n\nb\r\n", [["a"], ["b"]]),
        ("\"open,never closed\r\nmore", [["open,never closed\r\nmore"]]),
        ("a,\"b\"", [["a", "b"]]),
        ("a, b ,c\r\n", [["a", " b ", "c"]]),
        ("é,\"ü,ñ\",日本\r\n", [["é", "ü,ñ", "日本"]]),
    ]

    @Test(arguments: rules.indices)
    func followsPythonRule(_ index: Int) throws {
        let (input, expected) = Self.rules[index]
        #expect(try readRows(input) == expected, "input \(input.debugDescription)")
        for chunk in [1, 2, 3, 5] {
            #expect(try readRows(input, chunkBytes: chunk) == expected, "input \(input.debugDescription) chunk \(chunk)")
        }
    }

    @Test func reportsLinesOffsetsAndTornTails() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("in.csv")
        try Data("h1,h2\r\n\"a\nb\",c\r\nd,\"torn".utf8).write(to: URL(fileURLWithPath: path))
        var seen: [(Int, Int64, Bool, Bool)] = []
        try CSVReader(path: path).forEachRecord { seen.append(($0.line, $0.offset, $0.isTerminated, $0.endsInOpenQuote)) }
        #expect(seen.map(\.0) == [1, 2, 4])
        #expect(seen.map(\.1) == [0, 7, 16])
        #expect(seen.map(\.2) == [true, true, false])
        #expect(seen.map(\.3) == [false, false, true])
    }

    @Test func rawBytesAreTheRowAsWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("in.csv")
        try Data("x,\"y,\"\"z\"\"\"\r\nnext\r\n".utf8).write(to: URL(fileURLWithPath: path))
        var raws: [String] = []
        try CSVReader(path: path, chunkBytes: 4).forEachRecord { raws.append(String(decoding: $0.rawBytes, as: UTF8.self)) }
        #expect(raws == ["x,\"y,\"\"z\"\"\"", "next"])
    }

    @Test func boundsRowLength() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("in.csv")
        try Data(("\"" + String(repeating: "x", count: 5000)).utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: CSVReadError.rowTooLong(path: path, line: 1, limit: 1024)) {
            try CSVReader(path: path, maximumRowBytes: 1024, chunkBytes: 256).forEachRecord { _ in }
        }
    }

    @Test func missingFileIsAnErrorNamingIt() {
        #expect { try CSVReader(path: "/nonexistent/x.csv").forEachRecord { _ in } } throws: {
            "\($0)".contains("/nonexistent/x.csv")
        }
    }
}

@Suite struct CSVWriterTests {
    @Test(arguments: [
        (["a", "b"], "a,b\r\n"),
        (["a,b", "c"], "\"a,b\",c\r\n"),
        (["say \"hi\""], "\"say \"\"hi\"\"\"\r\n"),
        (["l1\nl2", "cr\r"], "\"l1\nl2\",\"cr\r\"\r\n"),
        ([""], "\"\"\r\n"),
        (["", ""], ",\r\n"),
        ([" lead", "trail "], " lead,trail \r\n"),
        (["日本,語"], "\"日本,語\"\r\n"),
    ])
    func quotesLikePython(_ fields: [String], _ expected: String) {
        #expect(String(decoding: CSVWriter.encode(fields: fields), as: UTF8.self) == expected)
    }
}
