import Foundation
import FerryTestSupport
import Testing
import UDL
import UDLSimulator
import UTCDate

@Suite struct UDLDayDownloaderTests {
    @Test func fullDayOfAllEqualsTheArchiveWithEdgeRecordsOnce() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration()) { simulator in
            let directory = try TemporaryDirectory()
            // The reference's 5-minute windows: 288 requests, each boundary a chance to lose or repeat a record.
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, windowSeconds: nil)
            let outcome = try await downloader.download(day: SimulatedUDL.day)
            let truth = SimulatedUDL.truth(simulator)
            guard case let .downloaded(path, records, bytes) = outcome else { Issue.record("no artifact: \(outcome)"); return }
            #expect(path.hasSuffix("/REACH-ALL_20250901T000000_20250902T000000.csv"))
            let (header, ids, times) = try SimulatedUDL.csvIDs(path)
            #expect(records == truth.count && ids.count == truth.count)
            #expect(Set(ids).count == ids.count, "no record twice")
            #expect(Set(ids) == Set(truth))
            #expect(bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64))
            #expect(header.first == "id" && header.contains("seoList") && header.contains("idSensor"))
            for edge in ["2025-09-01T00:00:00.000Z", "2025-09-01T00:00:00.500Z", "2025-09-01T06:00:00.500Z", "2025-09-01T23:59:59.999Z"] {
                #expect(times.contains(edge), "record at \(edge)")
            }
            #expect(!times.contains("2025-09-02T00:00:00.000Z"), "next midnight belongs to the next day")
            #expect(times == times.sorted(), "windows joined in time order")
            #expect(SimulatedUDL.hiddenEntries(directory.url.path).isEmpty, "no spool or partial file left")
        }
    }

    @Test func consecutiveDaysShareNoRecord() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration()) { simulator in
            let directory = try TemporaryDirectory()
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path)
            var seen: [Set<String>] = []
            for day in [SimulatedUDL.day, SimulatedUDL.day.advanced(by: 1)] {
                guard case let .downloaded(path, _, _) = try await downloader.download(day: day) else { Issue.record("no data"); return }
                seen.append(Set(try SimulatedUDL.csvIDs(path).ids))
                #expect(seen.last == Set(SimulatedUDL.truth(simulator, day: day)))
            }
            #expect(seen[0].isDisjoint(with: seen[1]))
        }
    }

    @Test func oneSensorInJSON() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration { $0.density = 0.05 }) { simulator in
            let directory = try TemporaryDirectory()
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, sensorID: "REACH-105", format: .json,
                                                     windowSeconds: nil)
            #expect(downloader.windows(for: SimulatedUDL.day).count == 4)
            guard case let .downloaded(path, records, _) = try await downloader.download(day: SimulatedUDL.day) else {
                Issue.record("no data"); return
            }
            #expect(path.hasSuffix("/REACH-105_20250901T000000_20250902T000000.json"))
            let array = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
            let truth = SimulatedUDL.truth(simulator, sensorID: "REACH-105")
            #expect(array.count == records && Set(array.compactMap { $0["id"] as? String }) == Set(truth) && array.count == truth.count)
            #expect(array.allSatisfy { $0["idSensor"] as? String == "REACH-105" })
            #expect(array.first?["seoList"] is [[String: Any]], "nested values stay nested in JSON")
        }
    }

    @Test func aDayWithoutDataWritesNothing() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration { $0.emptyDays = [SimulatedUDL.day] }) { simulator in
            let directory = try TemporaryDirectory()
            let outcome = try await SimulatedUDL.downloader(simulator, into: directory.url.path).download(day: SimulatedUDL.day)
            #expect(outcome == .noData)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
        }
    }

    @Test func cappedAnswersAreSplitUntilWhole() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration { $0.maxResultsPerQuery = 100 }) { simulator in
            let directory = try TemporaryDirectory()
            // The client asks for at most 100 too, so it can tell a full answer from a cut one.
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, maxResults: 100)
            guard case let .downloaded(path, _, _) = try await downloader.download(day: SimulatedUDL.day) else { Issue.record("no data"); return }
            let ids = try SimulatedUDL.csvIDs(path).ids
            #expect(ids.count == Set(ids).count && Set(ids) == Set(SimulatedUDL.truth(simulator)))
            #expect(simulator.stats.requests > 24, "windows were split")
        }
    }

    @Test func recordsServedTwiceUnderOneIdAreWrittenOnce() async throws {
        // Overlapping windows are the way the same record comes back twice: a server whose
        // windows overlap by a minute stands in for a UDL that repeats records across pages.
        try await UDLSimulator.withRunning(SimulatedUDL.configuration()) { simulator in
            let directory = try TemporaryDirectory()
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, windowSeconds: 21_600)
            let day = SimulatedUDL.day
            let overlapping = try await downloader.download(day: day, windows: [
                UDLWindow(start: day.secondsSinceEpoch * 1000, end: day.secondsSinceEpoch * 1000 + 43_260_000),
                UDLWindow(start: day.secondsSinceEpoch * 1000 + 43_200_000, end: day.secondsSinceEpoch * 1000 + 86_399_999),
            ])
            guard case let .downloaded(path, records, _) = overlapping else { Issue.record("no data"); return }
            let ids = try SimulatedUDL.csvIDs(path).ids
            #expect(records == ids.count && Set(ids).count == ids.count && Set(ids) == Set(SimulatedUDL.truth(simulator)))
        }
    }
}
