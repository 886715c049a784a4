import Foundation
import Testing
import FerryTestSupport
import UTCDate
@testable import Telemetry

/// Ledgers move between Ferry and the reference Python tool (seed 001's HistoricalTelemetry).
@Suite struct LedgerPythonInteropTests {
    static let hostile = [
        "", "plain", "comma, inside", "\"quoted\"", "say \"hi\", then \"bye\"", "line\nbreak", "crlf\r\ninside",
        "lone\rcr", "日本語 ✓ émoji 🚀", " leading and trailing ", "\\backslash\\", "'single'", ",", "\"", "\n",
        "tab\there", "many\n\n\nlines,,,\"\"\"",
    ]

    static func randomRows(seed: UInt64, count: Int) -> [[String: String]] {
        var rng = SeededGenerator(seed: seed)
        let dates = ["2025-09-01", "2025-09-02", "2025-09-03", "2025-12-31", "20250905", "junk"]
        return (0..<count).map { index in
            var row: [String: String] = [:]
            for column in LedgerColumn.allCases { row[column.rawValue] = hostile.randomElement(using: &rng)! }
            row["run_id"] = "run-\(index)"
            row["chunk_date_utc"] = dates.randomElement(using: &rng)!
            row["status"] = LedgerStatus.allCases.randomElement(using: &rng)!.rawValue
            row["started_at_utc"] = ["2025-09-01T00:00:0\(Int.random(in: 0...3, using: &rng)).000000+00:00", ""]
                .randomElement(using: &rng)!
            return row
        }
    }

    /// Python's load_state as JSON: {date: {column: value}}.
    static func pythonState(_ path: String) async throws -> [String: [String: String]] {
        let output = try await ProcessOutput.run(try PythonPeer.interpreter(), [referenceTelemetryScript, "load", path])
        guard output.status == 0 else { throw ProcessFailure(command: "reference_telemetry.py load", output: output) }
        return try JSONDecoder().decode([String: [String: String]].self, from: output.stdout)
    }

    static func ferryState(_ ledger: Ledger) throws -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: try ledger.loadState().latest.map { ($0.key.description, $0.value.fields) })
    }

    @Test func ledgerWrittenByPythonLoadsTheSameInFerry() async throws {
        let fixture = try LedgerFixture()
        let rows = Self.randomRows(seed: 1, count: 400)
        let output = try await ProcessOutput.run(try PythonPeer.interpreter(), [referenceTelemetryScript, "append", fixture.path],
                                                 stdin: try JSONEncoder().encode(rows))
        #expect(output.status == 0, "\(output.stderrText)")
        let expected = try await Self.pythonState(fixture.path)
        #expect(expected.count >= 4)
        #expect(try Self.ferryState(fixture.ledger) == expected)
        #expect(try fixture.ledger.rows().count == rows.count)
    }

    @Test func ledgerWrittenByFerryLoadsTheSameInPython() async throws {
        let fixture = try LedgerFixture()
        for fields in Self.randomRows(seed: 2, count: 400) { try fixture.ledger.append(fields: fields) }
        #expect(try await Self.pythonState(fixture.path) == Self.ferryState(fixture.ledger))
    }

    @Test func bothWritersAppendingToOneLedgerProduceIdenticalBytes() async throws {
        let ferry = try LedgerFixture(), python = try LedgerFixture()
        let rows = Self.randomRows(seed: 3, count: 200)
        for fields in rows { try ferry.ledger.append(fields: fields) }
        let output = try await ProcessOutput.run(try PythonPeer.interpreter(), [referenceTelemetryScript, "append", python.path],
                                                 stdin: try JSONEncoder().encode(rows))
        #expect(output.status == 0)
        #expect(ferry.text == python.text)
    }

    /// Python's csv module writing files with extra and missing columns, hostile content and odd headers.
    @Test func pythonCSVFilesWithExtraAndMissingColumns() async throws {
        let fixture = try LedgerFixture()
        let output = try await PythonPeer.run("""
            import csv, sys, random
            random.seed(5)
            hostile = \(Self.hostile.debugDescription)
            columns = ["extra_a", "status", "started_at_utc", "chunk_date_utc", "run_id", "error_message",
                       "csv_path", "extra b, with comma", "s3_key"]
            with open(sys.argv[1], "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(columns)
                for i in range(300):
                    w.writerow([random.choice(hostile), random.choice(["DOWNLOADED", "FAILED", "UPLOADED"]),
                                "2025-09-01T00:00:0%d.000000+00:00" % random.randint(0, 3),
                                random.choice(["2025-09-01", "2025-09-02", "nope"]), "run-%d" % i,
                                random.choice(hostile), random.choice(hostile), random.choice(hostile),
                                random.choice(hostile)])
            """, arguments: [fixture.path])
        #expect(output.status == 0)
        let expected = try await Self.pythonState(fixture.path)
        #expect(expected.count == 2)
        #expect(try Self.ferryState(fixture.ledger) == expected)
    }
}
