public import UTCDate

/// What the resume logic sees: the most recent row per day, overall and per phase.
///
/// "Most recent" is seed 001's rule: the largest `started_at_utc` compared as text, ties won by the
/// row later in the file. Rows whose `chunk_date_utc` does not parse as a date are skipped.
public struct LedgerState: Sendable, Equatable {
    /// The latest row per day, whatever its phase (what `ferry telemetry state` shows).
    public var latest: [UTCDay: LedgerRow] = [:]
    /// The latest download-phase row per day: what `ferry download` resumes from.
    public var downloadPhase: [UTCDay: LedgerRow] = [:]
    /// The latest process-phase row per day: what `ferry process` resumes from.
    public var processPhase: [UTCDay: LedgerRow] = [:]
    /// The last row when the file ended in the middle of it (a crash during an append); it was ignored.
    public var tornTail: TornRow?

    public init() {}

    /// The view one phase resumes from.
    public func view(for phase: LedgerPhase) -> [UTCDay: LedgerRow] {
        switch phase {
        case .download: downloadPhase
        case .process: processPhase
        }
    }
}

/// Where a torn final row begins.
public struct TornRow: Sendable, Equatable {
    public let line: Int
    public let byteOffset: Int64
}
