#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVCodec
import DurableFiles
import UDLRecordFormat

/// read(2) by a name that `DayArtifactWriter.read(_:)` does not shadow (the C module is Glibc or Darwin).
private func systemRead(_ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, bytes, count) }

/// The format of a day artifact.
public enum DayArtifactFormat: String, Sendable, CaseIterable {
    /// One header (the union of member names, first seen first), one row per record, nested values as JSON.
    case csv
    /// One JSON array of the records as the UDL served them.
    case json
}

/// Joins a day's spooled window answers, in time order, into the day artifact: records whose `id`
/// was already written are dropped, and the file is a ``DurableFile``, so the artifact's name only
/// ever denotes a complete file written by this run.
struct DayArtifactWriter {
    let path: String
    let format: DayArtifactFormat
    /// Bytes gathered before each write.
    var bufferBytes = 4 << 20

    /// What was written.
    struct Written: Sendable {
        let records: Int
        let duplicatesDropped: Int
        let bytes: Int64
    }

    /// Writes `windows` (in time order) with `header` as the CSV columns.
    func write(_ windows: [UDLWindowFetcher.SpooledWindow], header: [String]) throws -> Written {
        let file = try DurableFile(destination: path)

        var out: [UInt8] = []
        out.reserveCapacity(bufferBytes + (1 << 20))
        var bytesWritten: Int64 = 0
        func flush() throws {
            try file.write(out)
            bytesWritten += Int64(out.count)
            out.removeAll(keepingCapacity: true)
        }

        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        if format == .csv {
            CSVWriter.append(fields: header, to: &out)
        } else {
            out.append(UInt8(ascii: "["))
        }
        var seen = Set<RecordIdentity>()
        var records = 0, duplicates = 0
        var kinds = [JSONRecordScanner.Member?](repeating: nil, count: header.count)
        var scratch: [UInt8] = []
        var layout: [[UInt8]] = []
        var layoutColumns: [Int] = []
        for window in windows where window.records > 0 {
            let body = try Self.read(window.path)
            try body.withUnsafeBufferPointer { bytes in
                try JSONRecordScanner.scanRecords(bytes) { range, members in
                    if let id = members.first(where: { Self.isKey($0, "id", bytes) && $0.kind == .string }) {
                        guard seen.insert(RecordIdentity(bytes, id.value)).inserted else {
                            duplicates += 1
                            return
                        }
                    }
                    records += 1
                    switch format {
                    case .json:
                        if records > 1 { out.append(UInt8(ascii: ",")) }
                        out.append(UInt8(ascii: "\n"))
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
                    case .csv:
                        // Consecutive records share their layout; map names to columns only when it changes.
                        if members.count != layout.count || !zip(members, layout).allSatisfy({ bytes[$0.key].elementsEqual($1) }) {
                            layout = members.map { Array(bytes[$0.key]) }
                            layoutColumns = members.map { member in
                                scratch.removeAll(keepingCapacity: true)
                                JSONRecordScanner.unescape(bytes, member.key, into: &scratch)
                                return column[String(decoding: scratch, as: UTF8.self)] ?? -1
                            }
                        }
                        for index in kinds.indices { kinds[index] = nil }
                        for (member, columnIndex) in zip(members, layoutColumns) where columnIndex >= 0 {
                            kinds[columnIndex] = member
                        }
                        for index in 0..<header.count {
                            if index > 0 { out.append(UInt8(ascii: ",")) }
                            guard let member = kinds[index] else { continue }
                            Self.appendCell(member, bytes, to: &out, scratch: &scratch)
                        }
                        out.append(contentsOf: CSVWriter.lineTerminator)
                    }
                }
            }
            if out.count >= bufferBytes { try flush() }
        }
        if format == .json { out.append(contentsOf: Array((records > 0 ? "\n]\n" : "]\n").utf8)) }
        try flush()
        try file.commit()
        return Written(records: records, duplicatesDropped: duplicates, bytes: bytesWritten)
    }

    /// One CSV cell: strings decoded, numbers and literals as written, null empty, nested values as JSON.
    private static func appendCell(_ member: JSONRecordScanner.Member, _ bytes: UnsafeBufferPointer<UInt8>,
                                   to out: inout [UInt8], scratch: inout [UInt8]) {
        switch member.kind {
        case .null:
            return
        case .string where !member.escaped:
            CSVWriter.appendField(bytes: UnsafeBufferPointer(rebasing: bytes[member.value]), to: &out)
        case .string:
            scratch.removeAll(keepingCapacity: true)
            JSONRecordScanner.unescape(bytes, member.value, into: &scratch)
            scratch.withUnsafeBufferPointer { CSVWriter.appendField(bytes: $0, to: &out) }
        case .number, .literal, .nested:
            CSVWriter.appendField(bytes: UnsafeBufferPointer(rebasing: bytes[member.value]), to: &out)
        }
    }

    private static func isKey(_ member: JSONRecordScanner.Member, _ name: StaticString, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = bytes[member.key]
        return key.count == name.utf8CodeUnitCount
            && key.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    /// A spooled answer, whole (a few megabytes at most).
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw UDLDownloadError.io(path: path, reason: DaySpool.lastError()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw UDLDownloadError.io(path: path, reason: DaySpool.lastError()) }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        try bytes.withUnsafeMutableBytes { raw in
            while offset < size {
                let got = systemRead(fd, raw.baseAddress! + offset, size - offset)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { throw UDLDownloadError.io(path: path, reason: got == 0 ? "file shrank while reading" : DaySpool.lastError()) }
                offset += got
            }
        }
        return bytes
    }
}
