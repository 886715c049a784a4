import Foundation
import Testing
import FerryTestSupport
import UTCDate
@testable import Telemetry

@Suite struct LedgerStateTests {
    let day = UTCDay("2025-09-01")!

    @Test func missingFileIsAnEmptyState() throws {
        let fixture = try LedgerFixture()
        #expect(try fixture.ledger.loadState() == LedgerState())
    }

    @Test func emptyFileIsAnEmptyState() throws {
        let fixture = try LedgerFixture()
        try fixture.write("")
        #expect(try fixture.ledger.loadState().latest.isEmpty)
    }

    @Test func latestByStartedAtComparedAsText() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "2025-09-02T00:00:00.000002+00:00", run: "newest"))
        try fixture.ledger.append(row("2025-09-01", .failed, started: "2025-09-02T00:00:00.000001+00:00", run: "older"))
        #expect(try fixture.ledger.loadState().latest[day]?.runID == "newest")
    }

    @Test func tiesGoToTheRowLaterInTheFile() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloadPending, started: "same", run: "first"))
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "same", run: "second"))
        #expect(try fixture.ledger.loadState().latest[day]?.runID == "second")
    }

    @Test func textComparisonIsByCodePointNotLocale() throws {
        // "Z" (U+005A) sorts before "a" (U+0061) by code point, as Python compares str.
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "a", run: "lower-a"))
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "Z", run: "upper-z"))
        #expect(try fixture.ledger.loadState().latest[day]?.runID == "lower-a")
    }

    @Test(arguments: ["", "not-a-date", "2025-02-30", "2025-9-1", " 2025-09-01", "2025-09-01T00:00:00"])
    func rowsWithAnUnparseableDateAreSkipped(_ date: String) throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row(date, .downloaded, started: "t"))
        try fixture.ledger.append(row("2025-09-02", .downloaded, started: "t"))
        #expect(try fixture.ledger.loadState().latest.keys.map(\.description) == ["2025-09-02"])
    }

    @Test func datesParseAsPythonsFromisoformatDoes() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("20250901", .downloaded, started: "t2", run: "compact"))
        try fixture.ledger.append(row("2025-W36-1", .downloaded, started: "t1", run: "week"))
        let state = try fixture.ledger.loadState()
        #expect(state.latest[day]?.runID == "compact")
        #expect(state.latest[day]?.chunkDateUTC == "20250901", "the row is kept as written")
    }

    @Test func unknownColumnsAreIgnoredAndColumnsMayComeInAnyOrder() throws {
        let fixture = try LedgerFixture()
        try fixture.write("""
            zzz,started_at_utc,status,chunk_date_utc,run_id,other\r
            junk,t1,DOWNLOADED,2025-09-01,r1,more junk\r

            """)
        let got = try #require(try fixture.ledger.loadState().latest[day])
        #expect(got.runID == "r1" && got.status == "DOWNLOADED" && got.startedAtUTC == "t1")
        #expect(got.csvPath == "")
    }

    @Test func shortAndLongRowsAreTolerated() throws {
        let fixture = try LedgerFixture()
        let header = LedgerColumn.header.joined(separator: ",")
        try fixture.write("""
            \(header)\r
            r1,2025-09-01,,,DOWNLOADED\r
            r2,2025-09-02,,,FAILED,,,,,,,,,,,,t,,,,,,,,extra1,extra2\r
            r3\r

            """)
        let state = try fixture.ledger.loadState()
        #expect(state.latest[day]?.status == "DOWNLOADED")
        #expect(state.latest[day]?.startedAtUTC == "")
        #expect(state.latest[UTCDay("2025-09-02")!]?.startedAtUTC == "t")
        #expect(state.latest.count == 2)
    }

    @Test func hostileTextSurvivesTheRoundTrip() throws {
        let fixture = try LedgerFixture()
        let message = "boom, \"quoted\"\r\nsecond line\nthird\rfourth, 日本語 ✓, trailing \\"
        try fixture.ledger.append(row("2025-09-01", .failed, started: "t", [.errorMessage: message, .errorType: "Weird,Type"]))
        let got = try fixture.ledger.loadState().latest[day]
        #expect(got?.errorMessage == message)
        #expect(got?.errorType == "Weird,Type")
    }

    @Test func notALedgerIsAnErrorNamingTheFile() throws {
        let fixture = try LedgerFixture()
        try fixture.write("name,value\r\na,1\r\n")
        #expect { try fixture.ledger.loadState() } throws: { error in
            let text = "\(error)"
            return text.contains(fixture.path) && text.contains("chunk_date_utc")
        }
    }

    @Test func aDirectoryIsNotALedger() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: LedgerError.notALedger(path: directory.url.path, reason: "not a regular file")) {
            try Ledger(path: directory.url.path).loadState()
        }
    }

    @Test func rowsListsEveryRowInFileOrder() throws {
        let fixture = try LedgerFixture()
        for index in 0..<5 { try fixture.ledger.append(row("2025-09-0\(index + 1)", .downloaded, started: "t\(index)")) }
        #expect(try fixture.ledger.rows().map(\.startedAtUTC) == ["t0", "t1", "t2", "t3", "t4"])
    }
}
