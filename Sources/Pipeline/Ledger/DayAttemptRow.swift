import Telemetry
public import UTCDate

extension LedgerRow {
    /// A row recording one attempt at `day`'s work: the columns every status of both phases fills in.
    init(attemptAt day: UTCDay, status: LedgerStatus, runID: String, sensorID: String, descriptor: String,
         outputFormat: String, startedAt: String, finished: Bool) {
        self.init()
        self.runID = runID
        chunkDateUTC = day.description
        windowStartUTC = DayWindowText.start(of: day)
        windowEndUTC = DayWindowText.end(of: day)
        self.status = status.rawValue
        self.sensorID = sensorID
        self.descriptor = descriptor
        self.outputFormat = outputFormat
        startedAtUTC = startedAt
        if finished { finishedAtUTC = LedgerTimestamp.now() }
    }
}

/// The day's window as the ledger records it: `[start, end)` in UTC.
public enum DayWindowText {
    public static func start(of day: UTCDay) -> String { "\(day)T00:00:00+00:00" }
    public static func end(of day: UTCDay) -> String { "\(day.advanced(by: 1))T00:00:00+00:00" }
}
