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

    /// Position in the schema (0-based); a switch, because it is read for every field of every row.
    public var index: Int {
        switch self {
        case .runID: 0
        case .chunkDateUTC: 1
        case .windowStartUTC: 2
        case .windowEndUTC: 3
        case .status: 4
        case .recordsDownloaded: 5
        case .expectedRecords: 6
        case .availabilityPct: 7
        case .downloadSeconds: 8
        case .csvSizeMB: 9
        case .csvPath: 10
        case .sensorID: 11
        case .descriptor: 12
        case .outputFormat: 13
        case .errorType: 14
        case .errorMessage: 15
        case .startedAtUTC: 16
        case .finishedAtUTC: 17
        case .processSeconds: 18
        case .cdfSizeMB: 19
        case .cdfPath: 20
        case .uploadSeconds: 21
        case .s3Bucket: 22
        case .s3Key: 23
        }
    }

    /// Column names in schema order: the header row.
    public static let header: [String] = allCases.map(\.rawValue)

    /// Columns only the process and upload phases fill in.
    public static let processColumns: [LedgerColumn] =
        [.processSeconds, .cdfSizeMB, .cdfPath, .uploadSeconds, .s3Bucket, .s3Key]
}
