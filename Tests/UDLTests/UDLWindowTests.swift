import Testing
import UDL
import UDLRecordFormat
import UTCDate

@Suite struct UDLWindowTests {
    @Test(arguments: [(300, 288), (21_600, 4), (3_600, 24), (7, 12_343)])
    func windowsTileTheDayAtMillisecondPrecision(seconds: Int, count: Int) {
        let day = UTCDay("2025-09-01")!
        let windows = UDLWindow.tiling(day, windowSeconds: seconds)
        #expect(windows.count == count)
        #expect(windows.first?.start == day.secondsSinceEpoch * 1000)
        #expect(windows.last?.end == day.advanced(by: 1).secondsSinceEpoch * 1000 - 1)
        for (previous, next) in zip(windows, windows.dropFirst()) {
            #expect(next.start == previous.end + 1)
        }
    }

    @Test func defaultWindowLengthsAreTheReferences() {
        #expect(UDLWindow.defaultSeconds(sensorID: "ALL") == 300)
        #expect(UDLWindow.defaultSeconds(sensorID: "REACH-105") == 21_600)
    }

    @Test func halvesCoverTheWindowWithoutOverlap() throws {
        let window = UDLWindow(start: 1000, end: 1999)
        let (first, second) = try #require(window.halves as (UDLWindow, UDLWindow)?)
        #expect(first.start == 1000 && second.end == 1999 && second.start == first.end + 1)
        #expect(UDLWindow(start: 5, end: 5).halves == nil)
    }

    @Test func queryCarriesTheReferenceParameters() {
        let window = UDLWindow.tiling(UTCDay("2025-09-01")!, windowSeconds: 300)[0]
        let all = UDLQuery(baseURL: "https://udl.example/", descriptor: "PRELIMINARY", sensorID: "ALL").url(for: window)
        #expect(all == "https://udl.example/udl/spaceenvobservation?obTime=2025-09-01T00:00:00.000Z..2025-09-01T00:04:59.999Z"
                + "&source=Aerospace&dataMode=REAL&descriptor=PRELIMINARY&sort=obTime")
        let one = UDLQuery(baseURL: "https://udl.example", sensorID: "REACH-105", maxResults: 10).url(for: window)
        #expect(one.hasSuffix("&sort=obTime&idSensor=REACH-105&maxResults=10"))
    }
}
