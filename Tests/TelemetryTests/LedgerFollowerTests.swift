import Foundation
import Testing
import FerryTestSupport
import UTCDate
@testable import Telemetry

/// The follower behind `ferry serve`: read in pieces as the ledger grows, it must always agree with
/// a whole-file reading, leave a half-written row for later, and start over on a replaced file.
@Suite struct LedgerFollowerTests {
    @Test(arguments: 0..<12)
    func readingInPiecesAgreesWithTheModelAfterEveryAppend(_ seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 1000)
        let fixture = try LedgerFixture()
        let follower = LedgerFollower(path: fixture.path)
        #expect(try follower.refresh().rows == 0, "a ledger not written yet is empty")
        var rows: [LedgerRow] = []
        for batch in 0..<6 {
            for index in 0..<Int.random(in: 0...30, using: &rng) {
                var row = LedgerRow()
                row.runID = "run-\(batch)-\(index)"
                row.chunkDateUTC = LedgerPropertyTests.dates.randomElement(using: &rng)!
                row.status = (LedgerStatus.allCases.map(\.rawValue) + [""]).randomElement(using: &rng)!
                row.startedAtUTC = LedgerPropertyTests.stamps.randomElement(using: &rng)!
                row.errorMessage = LedgerPropertyTests.texts.randomElement(using: &rng)!
                try fixture.ledger.append(row)
                rows.append(row)
            }
            let digest = try follower.refresh()
            let model = LedgerPropertyTests.model(rows)
            #expect(digest.rows == rows.count, "seed \(seed) batch \(batch)")
            #expect(Dictionary(uniqueKeysWithValues: digest.days.map { ($0.day, $0.latest) }) == model, "seed \(seed) batch \(batch)")
            #expect(digest.days.map(\.day) == model.keys.sorted())
            for day in model.keys {
                let written = rows.filter { UTCDay(pythonISODate: $0.chunkDateUTC) == day }
                #expect(try follower.rows(of: day) == written, "every row of \(day), in file order")
                #expect(digest.day(day)?.failedRows == written.filter { $0.status == "FAILED" }.count)
                #expect(digest.day(day)?.lastDownload == written.last { $0.status == "DOWNLOADED" })
            }
        }
    }

    @Test func aRowWithoutItsLineEndWaitsUntilItIsWhole() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "2025-09-01T00:00:00.000000+00:00"))
        let follower = LedgerFollower(path: fixture.path)
        #expect(try follower.refresh().rows == 1)
        let handle = try #require(FileHandle(forWritingAtPath: fixture.path))
        handle.seekToEndOfFile()
        handle.write(Data("run-2,2025-09-02,,,FAI".utf8))
        let partial = try follower.refresh()
        #expect(partial.rows == 1 && partial.day(UTCDay("2025-09-02")!) == nil)
        #expect(partial.tornTail != nil)
        handle.write(Data("LED,,,,,,,,,,RateLimitError,\"429, \"\"twice\"\"\",2025-09-02T00:00:00.000000+00:00,,,,,,,\r\n".utf8))
        try handle.close()
        let whole = try follower.refresh()
        #expect(whole.rows == 2 && whole.tornTail == nil)
        #expect(whole.day(UTCDay("2025-09-02")!)?.latest.errorMessage == "429, \"twice\"")
        #expect(whole.failures.map(\.errorType) == ["RateLimitError"])
        #expect(try fixture.ledger.loadState().latest == Dictionary(uniqueKeysWithValues: whole.days.map { ($0.day, $0.latest) }))
    }

    @Test func aReplacedOrShortenedLedgerIsReadAgainFromItsStart() throws {
        let fixture = try LedgerFixture()
        for day in 1...3 {
            try fixture.ledger.append(row("2025-09-0\(day)", .downloaded, started: "2025-09-0\(day)T00:00:00.000000+00:00"))
        }
        let follower = LedgerFollower(path: fixture.path)
        #expect(try follower.refresh().days.count == 3)
        // Another file renamed over the ledger: one day, failed.
        let other = try LedgerFixture()
        try other.ledger.append(row("2025-10-01", .failed, started: "2025-10-01T00:00:00.000000+00:00", [.errorType: "AuthError"]))
        #expect(rename(other.path, fixture.path) == 0)
        let replaced = try follower.refresh()
        #expect(replaced.days.map(\.day.description) == ["2025-10-01"] && replaced.rows == 1)
        // Truncated in place to nothing: empty again.
        #expect(truncate(fixture.path, 0) == 0)
        #expect(try follower.refresh().rows == 0)
    }

    @Test func aLedgerRewrittenInPlaceLongerThanBeforeIsReadAgainFromItsStart() throws {
        let fixture = try LedgerFixture()
        for day in 1...3 {
            try fixture.ledger.append(row("2025-09-0\(day)", .downloaded, started: "2025-09-0\(day)T00:00:00.000000+00:00"))
        }
        let follower = LedgerFollower(path: fixture.path)
        #expect(try follower.refresh().rows == 3)
        // Another ledger copied over this one (same inode, as `cp` does), longer than what was read.
        let other = try LedgerFixture()
        for day in 1...6 {
            try other.ledger.append(row("2025-10-0\(day)", .failed, started: "2025-10-0\(day)T00:00:00.000000+00:00", run: "other"))
        }
        let handle = try #require(FileHandle(forWritingAtPath: fixture.path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: other.path)))
        try handle.close()
        let digest = try follower.refresh()
        #expect(digest.rows == 6 && digest.days.map(\.day.description) == (1...6).map { "2025-10-0\($0)" })
        #expect(digest.days.allSatisfy { $0.latest.runID == "other" })
    }

    @Test func hoursAddUpWhatTheirRowsDid() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "2026-01-01T10:05:00.000000+00:00",
                                      [.finishedAtUTC: "2026-01-01T10:59:59.000000+00:00", .recordsDownloaded: "600",
                                       .downloadSeconds: "60", .csvSizeMB: "2.5"]))
        try fixture.ledger.append(row("2025-09-02", .downloaded, started: "2026-01-01T10:06:00.000000+00:00",
                                      [.finishedAtUTC: "2026-01-01T11:00:00.000000+00:00", .recordsDownloaded: "100", .downloadSeconds: "10"]))
        try fixture.ledger.append(row("2025-09-03", .failed, started: "2026-01-01T11:30:00.000000+00:00"))
        let hours = try LedgerFollower(path: fixture.path).refresh().hours
        let ten = Int64(UTCDay("2026-01-01")!.daysSinceEpoch) * 86_400 + 10 * 3600
        #expect(hours.map(\.start) == [ten, ten + 3600])
        #expect(hours[0].recordsDownloaded == 600 && hours[0].recordsPerSecond == 10 && hours[0].megabytesWritten == 2.5)
        #expect(hours[1].rows == 2 && hours[1].failedRows == 1 && hours[1].recordsDownloaded == 100)
    }
}
