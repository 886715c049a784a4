import Foundation
import Testing
import FerryTestSupport
import UTCDate
@testable import Telemetry

/// load_state against the simplest model of seed 001's rule, on random ledgers.
@Suite struct LedgerPropertyTests {
    /// The model: walk the rows in order, keep a row when its started_at is >= the kept one's (as code points).
    static func model(_ rows: [LedgerRow]) -> [UTCDay: LedgerRow] {
        var latest: [UTCDay: LedgerRow] = [:]
        for row in rows {
            guard let day = UTCDay(pythonISODate: row.chunkDateUTC) else { continue }
            if let kept = latest[day], row.startedAtUTC.unicodeScalars.lexicographicallyPrecedes(kept.startedAtUTC.unicodeScalars) {
                continue
            }
            latest[day] = row
        }
        return latest
    }

    static let dates = ["2025-09-01", "2025-09-02", "2025-09-03", "20250904", "2025-W36-5", "bad", "", "2025-02-30"]
    static let stamps = ["", "2025-09-01T00:00:00.000001+00:00", "2025-09-01T00:00:00.000002+00:00",
                         "2025-09-01T00:00:00+00:00", "2025-09-01T00:00:01.000000+00:00", "Z", "a", "é",
                         // Longer than 32 bytes, sharing a 32-byte prefix: the packed comparison's slow path.
                         "2025-09-01T00:00:00.000002+00:00 (retry)", "2025-09-01T00:00:00.000002+00:00 (retry 2)",
                         "with\u{0}nul"]
    static let texts = ["", "x", "a,b", "say \"hi\"", "line\nbreak", "cr\r\nlf", "日本", " "]

    @Test(arguments: 0..<25)
    func loadStateMatchesTheModel(_ seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        let fixture = try LedgerFixture()
        var rows: [LedgerRow] = []
        for index in 0..<Int.random(in: 0...120, using: &rng) {
            var row = LedgerRow()
            row.runID = "run-\(index)"
            row.chunkDateUTC = Self.dates.randomElement(using: &rng)!
            row.status = (LedgerStatus.allCases.map(\.rawValue) + [""]).randomElement(using: &rng)!
            row.startedAtUTC = Self.stamps.randomElement(using: &rng)!
            row.errorMessage = Self.texts.randomElement(using: &rng)!
            row.csvPath = Self.texts.randomElement(using: &rng)!
            try fixture.ledger.append(row)
            rows.append(row)
        }
        #expect(try fixture.ledger.loadState().latest == Self.model(rows), "seed \(seed)")
    }
}
