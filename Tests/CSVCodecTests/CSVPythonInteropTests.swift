import Foundation
import Testing
import FerryTestSupport
@testable import CSVCodec

/// Differential tests against Python's own csv module, through FERRY_PYTHON.
@Suite struct CSVPythonInteropTests {
    static let alphabet: [String] = ["a", "b", ",", "\"", "\r", "\n", "\r\n", " ", "é", "日", "\t", "'", "\\", ";"]

    static func randomText(_ rng: inout SeededGenerator, maxLength: Int) -> String {
        let length = Int.random(in: 0...maxLength, using: &rng)
        return (0..<length).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    /// Rows written by Python's csv.writer: our writer produces the same bytes, our reader the same fields.
    @Test func writerAndReaderAgreeWithPythonOnHostileRows() async throws {
        var rng = SeededGenerator(seed: 20_251_125)
        var rows: [[String]] = []
        for _ in 0..<800 {
            let width = Int.random(in: 1...6, using: &rng)
            rows.append((0..<width).map { _ in Self.randomText(&rng, maxLength: 12) })
        }
        let directory = try TemporaryDirectory()
        let pythonFile = directory.path("python.csv")
        try await PythonPeer.run("""
            import csv, json, sys
            rows = json.load(sys.stdin)
            with open(sys.argv[1], "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows)
            """, arguments: [pythonFile], stdin: try JSONEncoder().encode(rows))
        let pythonBytes = try Data(contentsOf: URL(fileURLWithPath: pythonFile))
        var ours: [UInt8] = []
        for row in rows { CSVWriter.append(fields: row, to: &ours) }
        #expect(Data(ours) == pythonBytes)

        for chunk in [1 << 20, 7] {
            var read: [[String]] = []
            try CSVReader(path: pythonFile, chunkBytes: chunk).forEachRecord { read.append($0.strings) }
            #expect(read == rows, "chunk \(chunk)")
        }
    }

    /// Arbitrary text, well-formed or not: our reader returns exactly what Python's csv.reader returns
    /// (blank rows aside, which DictReader skips and so do we).
    @Test func readerAgreesWithPythonOnArbitraryText() async throws {
        var rng = SeededGenerator(seed: 7)
        var documents: [String] = []
        for _ in 0..<400 { documents.append(Self.randomText(&rng, maxLength: 40)) }
        let directory = try TemporaryDirectory()
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let path = directory.path("doc\(index).csv")
            try Data(document.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let output = try await PythonPeer.run("""
            import csv, json, sys
            out = []
            for path in sys.argv[1:]:
                with open(path, newline="", encoding="utf-8") as fh:
                    out.append([row for row in csv.reader(fh) if row != []])
            json.dump(out, sys.stdout)
            """, arguments: paths)
        let expected = try JSONDecoder().decode([[[String]]].self, from: output.stdout)
        for (index, path) in paths.enumerated() {
            for chunk in [1 << 20, 3] {
                var read: [[String]] = []
                try CSVReader(path: path, chunkBytes: chunk).forEachRecord { read.append($0.strings) }
                #expect(read == expected[index], "document \(documents[index].debugDescription) chunk \(chunk)")
            }
        }
    }
}
