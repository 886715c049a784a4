import Foundation
import Testing
import FerryTestSupport
@testable import Telemetry

/// The request log beside the ledger: appended per day attempt, followed as it grows.
@Suite struct RequestLogTests {
    @Test func rowsAddUpByOutcomeAndHourAndTheLastRateIsKept() throws {
        let directory = try TemporaryDirectory()
        let log = RequestLog.beside(ledgerPath: directory.path("download_telemetry.csv"))
        #expect(log.path == directory.path("download_requests.csv"))
        let follower = RequestLogFollower(path: log.path)
        #expect(try follower.refresh().total.requests == 0, "no log yet: nothing")
        try log.append(RequestLog.Row(day: "2025-09-01", startedAt: "2026-01-01T10:00:00.000000+00:00",
                                      finishedAt: "2026-01-01T10:30:00.000000+00:00",
                                      counts: RequestCounts(outcomes: ["200": 24, "429": 3, "503": 1, "transport": 2, "404": 1]),
                                      ratePerSecond: 12.5))
        let first = try follower.refresh()
        #expect(first.total.answered == 24 && first.total.throttled == 3 && first.total.failed == 1
                && first.total.transportErrors == 2 && first.total.refused == 1 && first.total.requests == 31)
        try log.append(RequestLog.Row(day: "2025-09-02", startedAt: "2026-01-01T10:30:00.000000+00:00",
                                      finishedAt: "2026-01-01T11:05:00.000000+00:00",
                                      counts: RequestCounts(outcomes: ["200": 24]), ratePerSecond: 20))
        let second = try follower.refresh()
        #expect(second.total.answered == 48 && second.lastRate == 20)
        let ten = first.hours.keys.first!
        #expect(second.hours[ten]?.requests == 31 && second.hours[ten + 3600]?.requests == 24)
        // A fresh reader of the whole file agrees with the one that read it in two pieces.
        #expect(try RequestLogFollower(path: log.path).refresh().hours == second.hours)
    }

    @Test func anAppendAfterATornRowStartsOnALineOfItsOwn() throws {
        let directory = try TemporaryDirectory()
        let log = RequestLog(path: directory.path("download_requests.csv"))
        let row = RequestLog.Row(day: "2025-09-01", startedAt: "2026-01-01T10:00:00.000000+00:00",
                                 finishedAt: "2026-01-01T10:30:00.000000+00:00", counts: RequestCounts(outcomes: ["200": 5]),
                                 ratePerSecond: 3)
        try log.append(row)
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        handle.seekToEndOfFile()
        handle.write(Data("2025-09-02,2026-01-01T11:00:00.000000+00:00,2026-01-01T11:3".utf8))   // a run killed mid-append
        try handle.close()
        try log.append(row)
        let digest = try RequestLogFollower(path: log.path).refresh()
        #expect(digest.total.answered == 10, "both whole rows count; the torn one adds nothing")
        #expect(try String(contentsOfFile: log.path, encoding: .utf8).hasSuffix("2026-01-01T10:30:00.000000+00:00,5,5,0,0,0,0,3.0\r\n"))
    }
}
