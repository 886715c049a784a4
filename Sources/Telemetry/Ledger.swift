public import Logging

/// The append-only telemetry ledger of seed 001: one CSV row per attempt at a unit of work,
/// older rows never rewritten, the resume state derived from the whole history.
///
/// Appends are durable (on disk before `append` returns), safe with several writing processes
/// (one `write` per row under an advisory lock), and repair a torn final row left by a crash so it
/// never merges with the next one. Files written by the reference Python tool load the same here.
public struct Ledger: Sendable {
    /// The ledger file.
    public let path: String
    let logger: Logger

    public init(path: String, logger: Logger = Logger(label: "ferry.telemetry")) {
        self.path = path
        self.logger = logger
    }

    /// Appends one row durably, writing the header first when the file is missing or empty.
    public func append(_ row: LedgerRow) throws(LedgerError) {
        if !row.status.isEmpty, row.parsedStatus == nil { throw .invalidStatus(row.status) }
        try LedgerAppender(path: path, logger: logger).append(row)
    }

    /// Appends a row given as column → value; unknown columns and invalid statuses are refused.
    public func append(fields: [String: String]) throws(LedgerError) {
        try append(LedgerRow(fields: fields))
    }

    /// The most recent row per day (overall and per phase). A missing file is an empty state.
    public func loadState() throws(LedgerError) -> LedgerState {
        try LedgerStateLoader(path: path, logger: logger).load()
    }

    /// Every row in file order, as `iter_rows` yields them (a torn final row excluded).
    public func rows() throws(LedgerError) -> [LedgerRow] {
        var rows: [LedgerRow] = []
        try LedgerStateLoader(path: path, logger: logger).forEachRow { rows.append($0) }
        return rows
    }
}
