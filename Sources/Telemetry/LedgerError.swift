public import FerryErrors

/// What can go wrong reading or appending to a ledger; every case names what it is about.
public enum LedgerError: CodedError, Equatable, CustomStringConvertible, Sendable {
    /// A row or dictionary named columns outside the seed's 24.
    case unknownColumns([String])
    /// A status outside the nine.
    case invalidStatus(String)
    /// The file exists but its first row is not a ledger header.
    case notALedger(path: String, reason: String)
    /// The file's header lacks columns this row fills in, so appending would misplace its cells.
    case headerLacksColumns(path: String, columns: [String])
    /// The operating system refused an operation on the file.
    case io(path: String, operation: String, reason: String)

    /// Always `ledger`: no row can record the failure, so the run stops (exit status 2).
    public var code: ErrorCode { .ledger }

    public var description: String {
        switch self {
        case let .unknownColumns(names):
            "unknown telemetry columns: \(names.joined(separator: ", ")) (allowed: \(LedgerColumn.header.joined(separator: ", ")))"
        case let .invalidStatus(status):
            "invalid telemetry status \(Self.quoted(status)) in column status (allowed: \(LedgerStatus.allCases.map(\.rawValue).sorted().joined(separator: ", ")))"
        case let .notALedger(path, reason):
            "\(path) is not a telemetry ledger: \(reason)"
        case let .headerLacksColumns(path, columns):
            "\(path): header lacks columns \(columns.joined(separator: ", ")); refusing to append a row that would misplace them"
        case let .io(path, operation, reason):
            "\(path): \(operation) failed: \(reason)"
        }
    }

    private static func quoted(_ text: String) -> String {
        "'" + String(text.flatMap { $0 == "'" ? ["\\", "'"] : [$0] }) + "'"
    }
}
