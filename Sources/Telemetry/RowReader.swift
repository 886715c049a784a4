#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec

/// Where one row lies in the file.
struct RowLocation: Hashable {
    let offset: Int64
    let length: Int32
}

/// Reads rows back by their locations, decoded against the file's header.
struct RowReader {
    let path: String

    func read(_ locations: [RowLocation], header: LedgerHeader) throws(LedgerError) -> [LedgerRow] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var rows: [LedgerRow] = []
        rows.reserveCapacity(locations.count)
        for location in locations {
            let length = Int(location.length)
            if buffer.count < length { buffer = [UInt8](repeating: 0, count: length) }
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, off_t(location.offset)) }
            guard got == length else {
                throw .io(path: path, operation: "read", reason: "the file changed while it was being read")
            }
            rows.append(buffer.withUnsafeBufferPointer { all in
                CSVRecord.parsing(UnsafeBufferPointer(rebasing: all[..<length])) { header.row(from: $0) }
            })
        }
        return rows
    }
}
