/// The ledger's 24 columns, in seed 001's order, which is also the order of the header Ferry writes.
public enum LedgerColumn: String, CaseIterable, Sendable {
    case runID = "run_id"
    case chunkDateUTC = "chunk_date_utc"
    case windowStartUTC = "window_start_utc"
    case windowEndUTC = "window_end_utc"
    case status
    // Download columns
    case recordsDownloaded = "records_downloaded"
    case expectedRecords = "expected_records"
    case availabilityPct = "availability_pct"
    case downloadSeconds = "download_seconds"
    case csvSizeMB = "csv_size_mb"
    case csvPath = "csv_path"
    case sensorID = "sensor_id"
    case descriptor
    case outputFormat = "output_format"
    case errorType = "error_type"
    case errorMessage = "error_message"
    case startedAtUTC = "started_at_utc"
    case finishedAtUTC = "finished_at_utc"
    // Processing columns
    case processSeconds = "process_seconds"
    case cdfSizeMB = "cdf_size_mb"
    case cdfPath = "cdf_path"
    // Upload columns
    case uploadSeconds = "upload_seconds"
    case s3Bucket = "s3_bucket"
    case s3Key = "s3_key"

    /// Position in the schema (0-based).
    public var index: Int { Self.indexByColumn[self]! }

    /// Column names in schema order: the header row.
    public static let header: [String] = allCases.map(\.rawValue)

    private static let indexByColumn: [LedgerColumn: Int] =
        Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// Columns only the process and upload phases fill in.
    public static let processColumns: [LedgerColumn] =
        [.processSeconds, .cdfSizeMB, .cdfPath, .uploadSeconds, .s3Bucket, .s3Key]
}
