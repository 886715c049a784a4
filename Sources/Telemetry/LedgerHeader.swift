import CSVCodec
import UTCDate

/// A ledger file's header row: which file column holds each schema column.
///
/// Files need not list the columns in the schema's order or list them all (older or hand-made
/// ledgers); unknown columns are ignored, and a repeated name resolves to its last occurrence, as a
/// `csv.DictReader` does.
struct LedgerHeader {
    /// Number of columns the header names.
    let width: Int
    /// The header's names, in file order.
    let names: [String]
    private let position: [Int?]

    init(names: [String], path: String) throws(LedgerError) {
        var position = [Int?](repeating: nil, count: LedgerColumn.allCases.count)
        for (index, name) in names.enumerated() {
            if let column = LedgerColumn(rawValue: name) { position[column.index] = index }
        }
        let required: [LedgerColumn] = [.chunkDateUTC, .status]
        let missing = required.filter { position[$0.index] == nil }
        guard missing.isEmpty else {
            let shown = names.prefix(4).joined(separator: ",")
            throw .notALedger(path: path, reason: "its first row (\(shown.prefix(80))…) lacks the column(s) "
                + missing.map(\.rawValue).joined(separator: ", "))
        }
        self.width = names.count
        self.names = names
        self.position = position
    }

    init(record: CSVRecord, path: String) throws(LedgerError) {
        try self.init(names: record.strings, path: path)
    }

    /// The file column holding `column`, if the header names it.
    func position(of column: LedgerColumn) -> Int? { position[column.index] }

    /// The bytes of `column` in `record`; empty when the header lacks it or the row is short.
    @inline(__always)
    func field(_ column: LedgerColumn, of record: CSVRecord) -> UnsafeBufferPointer<UInt8> {
        guard let index = position[column.index], index < record.count else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return record.bytes(at: index)
    }

    /// The record as a ledger row; cells the row lacks are "".
    func row(from record: CSVRecord) -> LedgerRow {
        LedgerRow { field($0, of: record) }
    }

    /// Decodes winning rows kept as raw CSV bytes.
    func decode(_ raw: [UInt8]) -> LedgerRow {
        raw.withUnsafeBufferPointer { buffer in CSVRecord.parsing(buffer) { row(from: $0) } }
    }
}
