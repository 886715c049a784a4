#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec
import DurableFiles
import Logging

/// Performs one durable append (``LockedAppend``): under the lock, look at the file's header and
/// tail, write the row in one `write`, fsync.
struct LedgerAppender {
    let path: String
    let logger: Logger

    /// How much of the file's start is read to find its header.
    private static let headerProbeBytes = 64 * 1024

    func append(_ row: LedgerRow) throws(LedgerError) {
        try createParentDirectories()
        let isNew = try LockedAppend(path: path).append(durably: true) { size throws(LedgerError) in
            var bytes: [UInt8] = []
            if size == 0 {
                CSVWriter.append(fields: LedgerColumn.header, to: &bytes)
                CSVWriter.append(fields: row.cells, to: &bytes)
            } else {
                bytes.append(contentsOf: try repairForTornTail(size: size))
                CSVWriter.append(fields: try cells(of: row, inOrderOf: readHeader()), to: &bytes)
            }
            return bytes
        }
        if isNew { syncParentDirectory() }
    }

    /// The row's cells in the file's column order; the common case is the schema's own order.
    private func cells(of row: LedgerRow, inOrderOf header: LedgerHeader) throws(LedgerError) -> [String] {
        if header.names == LedgerColumn.header { return row.cells }
        let lacking = LedgerColumn.allCases.filter { header.position(of: $0) == nil && !row[$0].isEmpty }
        guard lacking.isEmpty else { throw .headerLacksColumns(path: path, columns: lacking.map(\.rawValue)) }
        return header.names.map { LedgerColumn(rawValue: $0).map { row[$0] } ?? "" }
    }

    private func readHeader() throws(LedgerError) -> LedgerHeader {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open") }
        defer { close(fd) }
        var probe = [UInt8](repeating: 0, count: Self.headerProbeBytes)
        let got = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got >= 0 else { throw ioError("read") }
        let names = probe.withUnsafeBufferPointer { buffer in
            CSVRecord.parsing(UnsafeBufferPointer(rebasing: buffer[..<got])) { $0.strings }
        }
        return try LedgerHeader(names: names, path: path)
    }

    /// The bytes that close a torn final row, so the next row starts on a line of its own:
    /// nothing when the file ends with a line feed, a LF after a lone CR, else a closing quote
    /// (when the file ends inside a quoted field) and CRLF. The torn bytes themselves stay.
    private func repairForTornTail(size: Int64) throws(LedgerError) -> [UInt8] {
        let last = try LockedAppend(path: path).lastByte(size: size)
        if last == UInt8(ascii: "\n") { return [] }
        if last == UInt8(ascii: "\r") { return [UInt8(ascii: "\n")] }
        // Rare (only after a crash): read the file through to learn whether it ends inside quotes.
        var openQuote = false, line = 0
        do {
            try CSVReader(path: path).forEachRecord { openQuote = $0.endsInOpenQuote; line = $0.line }
        } catch {
            throw .io(path: path, operation: "read", reason: "\(error)")
        }
        logger.warning("terminating a torn final row before appending",
                       metadata: ["file": "\(path)", "line": "\(line)"])
        return (openQuote ? [UInt8(ascii: "\"")] : []) + CSVWriter.lineTerminator
    }

    /// `mkdir -p` of the ledger's folder (seed 001 creates it on first append).
    private func createParentDirectories() throws(LedgerError) {
        guard let slash = path.lastIndex(of: "/") else { return }
        do throws(DurableFileError) {
            try DurableFile.createDirectories(String(path[..<slash]))
        } catch {
            throw .io(path: path, operation: "create directory \(error.path)", reason: error.reason)
        }
    }

    /// Makes the new file's directory entry durable too.
    private func syncParentDirectory() {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        DurableFile.syncDirectory(parent.isEmpty ? "/" : parent)
    }

    private func ioError(_ operation: String) -> LedgerError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
