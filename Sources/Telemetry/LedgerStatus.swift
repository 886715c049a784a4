/// The nine statuses a ledger row may carry (seed 001); the orchestrators branch on nothing else.
public enum LedgerStatus: String, CaseIterable, Sendable {
    // Download phase (seed 000)
    case downloadPending = "DOWNLOAD_PENDING"
    case downloaded = "DOWNLOADED"
    case skippedNoData = "SKIPPED_NO_DATA"
    /// Shared by both phases; see ``LedgerPhase`` for how a FAILED row is attributed.
    case failed = "FAILED"
    // Process and upload phase (seed 002)
    case processPending = "PROCESS_PENDING"
    case processed = "PROCESSED"
    case uploadPending = "UPLOAD_PENDING"
    case uploaded = "UPLOADED"
    case skippedNoInput = "SKIPPED_NO_INPUT"

    /// The phase this status belongs to; nil for FAILED, which either phase may write.
    public var phase: LedgerPhase? {
        switch self {
        case .downloadPending, .downloaded, .skippedNoData: .download
        case .processPending, .processed, .uploadPending, .uploaded, .skippedNoInput: .process
        case .failed: nil
        }
    }
}

/// The two phases sharing one ledger. Each resumes from its own view of it (seed 002:
/// "download only consults Phase 1 statuses").
///
/// A FAILED row belongs to the phase of the attempt it ends: the nearest earlier row for the same
/// day written by the same run (every attempt writes a pending row first, and a run is one phase).
/// A FAILED row with no such row (hand-written, or from another tool) is a process-phase row when
/// any process or upload column is filled in, and a download-phase row otherwise, since seed 001
/// lists FAILED among the download statuses.
public enum LedgerPhase: String, Sendable, CaseIterable {
    case download
    case process
}
