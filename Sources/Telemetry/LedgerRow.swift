/// One ledger row: every column as text, "" when not filled in (seed 001's `TelemetryRow`).
///
/// Stored as the cells' UTF-8 back to back plus their end offsets: a ledger state holds thousands
/// of rows, and two allocations per row instead of one per cell keeps loading lean.
public struct LedgerRow: Hashable, Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int32]

    /// A row with every column empty.
    public init() {
        ends = Array(repeating: 0, count: LedgerColumn.allCases.count)
    }

    /// A row from column values; a name outside the schema is an error naming it.
    public init(fields: [String: String]) throws(LedgerError) {
        self.init()
        let unknown = fields.keys.filter { LedgerColumn(rawValue: $0) == nil }.sorted()
        guard unknown.isEmpty else { throw .unknownColumns(unknown) }
        for (name, value) in fields { self[LedgerColumn(rawValue: name)!] = value }
    }

    /// A row built cell by cell, in schema order, from raw UTF-8.
    init(cellBytes: (LedgerColumn) -> UnsafeBufferPointer<UInt8>) {
        ends = []
        ends.reserveCapacity(LedgerColumn.allCases.count)
        for column in LedgerColumn.allCases {
            bytes.append(contentsOf: cellBytes(column))
            ends.append(Int32(bytes.count))
        }
    }

    public subscript(column: LedgerColumn) -> String {
        get {
            let range = self.range(of: column.index)
            return String(decoding: bytes[range], as: UTF8.self)
        }
        set {
            let index = column.index
            let range = self.range(of: index)
            let new = Array(newValue.utf8)
            bytes.replaceSubrange(range, with: new)
            let shift = Int32(new.count - range.count)
            if shift != 0 { for later in index..<ends.count { ends[later] += shift } }
        }
    }

    private func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }

    /// The cells in schema order (always 24).
    public var cells: [String] { LedgerColumn.allCases.map { self[$0] } }

    /// The status, or nil when the cell is empty or not one of the nine.
    public var parsedStatus: LedgerStatus? { LedgerStatus(rawValue: status) }

    /// The row's columns as a name → value dictionary.
    public var fields: [String: String] {
        Dictionary(uniqueKeysWithValues: LedgerColumn.allCases.map { ($0.rawValue, self[$0]) })
    }

    public var runID: String { get { self[.runID] } set { self[.runID] = newValue } }
    public var chunkDateUTC: String { get { self[.chunkDateUTC] } set { self[.chunkDateUTC] = newValue } }
    public var windowStartUTC: String { get { self[.windowStartUTC] } set { self[.windowStartUTC] = newValue } }
    public var windowEndUTC: String { get { self[.windowEndUTC] } set { self[.windowEndUTC] = newValue } }
    public var status: String { get { self[.status] } set { self[.status] = newValue } }
    public var recordsDownloaded: String { get { self[.recordsDownloaded] } set { self[.recordsDownloaded] = newValue } }
    public var expectedRecords: String { get { self[.expectedRecords] } set { self[.expectedRecords] = newValue } }
    public var availabilityPct: String { get { self[.availabilityPct] } set { self[.availabilityPct] = newValue } }
    public var downloadSeconds: String { get { self[.downloadSeconds] } set { self[.downloadSeconds] = newValue } }
    public var csvSizeMB: String { get { self[.csvSizeMB] } set { self[.csvSizeMB] = newValue } }
    public var csvPath: String { get { self[.csvPath] } set { self[.csvPath] = newValue } }
    public var sensorID: String { get { self[.sensorID] } set { self[.sensorID] = newValue } }
    public var descriptor: String { get { self[.descriptor] } set { self[.descriptor] = newValue } }
    public var outputFormat: String { get { self[.outputFormat] } set { self[.outputFormat] = newValue } }
    public var errorType: String { get { self[.errorType] } set { self[.errorType] = newValue } }
    public var errorMessage: String { get { self[.errorMessage] } set { self[.errorMessage] = newValue } }
    public var startedAtUTC: String { get { self[.startedAtUTC] } set { self[.startedAtUTC] = newValue } }
    public var finishedAtUTC: String { get { self[.finishedAtUTC] } set { self[.finishedAtUTC] = newValue } }
    public var processSeconds: String { get { self[.processSeconds] } set { self[.processSeconds] = newValue } }
    public var cdfSizeMB: String { get { self[.cdfSizeMB] } set { self[.cdfSizeMB] = newValue } }
    public var cdfPath: String { get { self[.cdfPath] } set { self[.cdfPath] = newValue } }
    public var uploadSeconds: String { get { self[.uploadSeconds] } set { self[.uploadSeconds] = newValue } }
    public var s3Bucket: String { get { self[.s3Bucket] } set { self[.s3Bucket] = newValue } }
    public var s3Key: String { get { self[.s3Key] } set { self[.s3Key] = newValue } }
}
