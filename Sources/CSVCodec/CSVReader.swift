#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors reading CSV; each names the file and where in it.
public enum CSVReadError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case rowTooLong(path: String, line: Int, limit: Int)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open \(path): \(reason)"
        case let .readFailed(path, reason): "cannot read \(path): \(reason)"
        case let .rowTooLong(path, line, limit): "\(path):\(line): row longer than \(limit) bytes"
        }
    }
}

/// Streams rows out of a CSV file with the parsing rules of Python's `csv.reader` (excel dialect,
/// non-strict), so that any file Python's csv module reads gives the same fields here:
/// quoted fields may hold commas, doubled quotes, CR and LF; a quote inside an unquoted field is
/// literal; text after a closing quote joins the field; rows end at CRLF, LF or a lone CR.
/// Blank lines are skipped, as `csv.DictReader` skips them.
///
/// Hand-written rather than taken from a CSV package because the ledger and the day artifacts are
/// read at hundreds of MB/s, byte-compatible with Python; the packages available decode by Character.
public struct CSVReader {
    /// The file being read.
    public let path: String
    /// Largest row accepted, so a file with an unclosed quote cannot make the reader grow without bound.
    public let maximumRowBytes: Int
    let chunkBytes: Int

    public init(path: String, maximumRowBytes: Int = 64 << 20, chunkBytes: Int = 1 << 20) {
        self.path = path
        self.maximumRowBytes = maximumRowBytes
        self.chunkBytes = chunkBytes
    }

    /// Calls `body` once per row, in file order. `body` may throw to stop early.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try forEachRecord(startingAt: 0, line: 1, body)
    }

    /// Calls `body` once per row from byte `offset` on, which must be where a row starts (an
    /// earlier record's end): how a follower reads only what was appended since its last read.
    /// `line` is the line number at `offset`, so records keep their true line numbers.
    public func forEachRecord(startingAt offset: Int64, line firstLine: Int, _ body: (CSVRecord) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVReadError.cannotOpen(path: path, reason: Self.errnoText()) }
        defer { close(fd) }
        if offset > 0, lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw CSVReadError.readFailed(path: path, reason: Self.errnoText())
        }
        var parser = CSVRowParser()
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var filled = 0          // valid bytes in buffer
        var rowStart = 0        // first byte of the row being parsed
        var fileOffsetOfBuffer: Int64 = offset
        var atEOF = false
        var line = firstLine

        while true {
            // Parse every complete row in buffer[rowStart..<filled].
            while rowStart < filled {
                let outcome = buffer.withUnsafeBufferPointer { buf in
                    parser.parseRow(buf.baseAddress!, from: rowStart, to: filled, atEOF: atEOF)
                }
                guard case let .row(next, terminated, openQuote, newlines) = outcome else { break }
                if parser.fieldCount > 0 {
                    try buffer.withUnsafeBufferPointer { buf in
                        try parser.withRecord(base: buf.baseAddress!, rawStart: rowStart, line: line,
                                              offset: fileOffsetOfBuffer + Int64(rowStart),
                                              nextOffset: fileOffsetOfBuffer + Int64(next),
                                              terminated: terminated, openQuote: openQuote, body)
                    }
                }
                line += newlines
                rowStart = next
            }
            if atEOF { return }
            // Keep the unfinished row, make room, read more.
            if rowStart > 0 {
                let remaining = filled - rowStart
                buffer.withUnsafeMutableBufferPointer { buf in
                    if remaining > 0 {
                        (buf.baseAddress! ).update(from: buf.baseAddress! + rowStart, count: remaining)
                    }
                }
                fileOffsetOfBuffer += Int64(rowStart)
                filled = remaining
                rowStart = 0
            }
            if filled == buffer.count {
                guard buffer.count < maximumRowBytes else {
                    throw CSVReadError.rowTooLong(path: path, line: line, limit: maximumRowBytes)
                }
                buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, maximumRowBytes - buffer.count)))
            }
            let got = buffer.withUnsafeMutableBufferPointer { buf in
                Self.readFully(fd, into: buf.baseAddress! + filled, count: buf.count - filled)
            }
            guard got >= 0 else { throw CSVReadError.readFailed(path: path, reason: Self.errnoText()) }
            if got == 0 { atEOF = true }
            filled += got
        }
    }

    static func readFully(_ fd: Int32, into pointer: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        while true {
            let n = read(fd, pointer, count)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The row state machine, separated from I/O so it can run over any buffer.
struct CSVRowParser {
    enum Outcome {
        /// A whole row was parsed; the next row starts at `next`.
        case row(next: Int, terminated: Bool, openQuote: Bool, newlines: Int)
        /// The buffer ended mid-row; read more and parse the row again from its start.
        case needMoreData
    }

    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var inScratch: [Bool] = []
    private(set) var scratch: [UInt8] = []
    private(set) var rawEnd = 0

    var fieldCount: Int { starts.count }

    init() {
        starts.reserveCapacity(32); ends.reserveCapacity(32); inScratch.reserveCapacity(32)
    }

    /// Parses the row beginning at `start`. Blank lines come back as rows with no fields.
    mutating func parseRow(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, atEOF: Bool) -> Outcome {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        inScratch.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let comma = CSVByte.comma, quote = CSVByte.quote, cr = CSVByte.cr, lf = CSVByte.lf
        var i = start
        var newlines = 0

        // A blank line is a row of no fields.
        if p[i] == cr || p[i] == lf {
            rawEnd = i
            guard let next = lineEnd(p, at: i, end: end, atEOF: atEOF) else { return .needMoreData }
            return .row(next: next, terminated: true, openQuote: false, newlines: 1)
        }

        while true {
            // At the start of a field.
            if i < end && p[i] == quote {
                // Quoted field: unescape into scratch until the closing quote.
                let fieldStart = scratch.count
                i += 1
                var closed = false
                while i < end {
                    let b = p[i]
                    if b == quote {
                        if i + 1 < end {
                            if p[i + 1] == quote { scratch.append(quote); i += 2; continue }
                            i += 1; closed = true; break
                        }
                        if atEOF { i += 1; closed = true; break }
                        return .needMoreData
                    }
                    if b == lf || (b == cr && !(i + 1 < end && p[i + 1] == lf)) { newlines += 1 }
                    scratch.append(b)
                    i += 1
                }
                if !closed {
                    guard atEOF else { return .needMoreData }
                    starts.append(fieldStart); ends.append(scratch.count); inScratch.append(true)
                    rawEnd = i
                    return .row(next: i, terminated: false, openQuote: true, newlines: newlines)
                }
                // Non-strict: text after the closing quote joins the field, quotes in it literal.
                while i < end, p[i] != comma, p[i] != cr, p[i] != lf {
                    scratch.append(p[i]); i += 1
                }
                starts.append(fieldStart); ends.append(scratch.count); inScratch.append(true)
            } else {
                let fieldStart = i
                while i < end {
                    let b = p[i]
                    if b == comma || b == cr || b == lf { break }
                    i += 1
                }
                starts.append(fieldStart); ends.append(i); inScratch.append(false)
            }
            // After a field: a comma, a line end, or the end of the data.
            if i >= end {
                guard atEOF else { return .needMoreData }
                rawEnd = i
                return .row(next: i, terminated: false, openQuote: false, newlines: newlines)
            }
            if p[i] == comma {
                i += 1
                if i >= end {
                    guard atEOF else { return .needMoreData }
                    starts.append(i); ends.append(i); inScratch.append(false)
                    rawEnd = i
                    return .row(next: i, terminated: false, openQuote: false, newlines: newlines)
                }
                continue
            }
            rawEnd = i
            guard let next = lineEnd(p, at: i, end: end, atEOF: atEOF) else { return .needMoreData }
            return .row(next: next, terminated: true, openQuote: false, newlines: newlines + 1)
        }
    }

    /// Where the next row starts after the terminator at `i` (CRLF, LF or CR), or nil when a CR sits
    /// at the buffer's edge: more data decides whether it is half of a CRLF.
    @inline(__always)
    private func lineEnd(_ p: UnsafePointer<UInt8>, at i: Int, end: Int, atEOF: Bool) -> Int? {
        guard p[i] == CSVByte.cr else { return i + 1 }
        if i + 1 < end { return p[i + 1] == CSVByte.lf ? i + 2 : i + 1 }
        return atEOF ? i + 1 : nil
    }

    func withRecord(base: UnsafePointer<UInt8>, rawStart: Int, line: Int, offset: Int64, nextOffset: Int64,
                    terminated: Bool, openQuote: Bool, _ body: (CSVRecord) throws -> Void) rethrows {
        try starts.withUnsafeBufferPointer { s in
            try ends.withUnsafeBufferPointer { e in
                try inScratch.withUnsafeBufferPointer { q in
                    try scratch.withUnsafeBufferPointer { sc in
                        try body(CSVRecord(line: line, offset: offset, nextOffset: nextOffset, isTerminated: terminated,
                                           endsInOpenQuote: openQuote, base: base, scratch: sc.baseAddress,
                                           starts: s, ends: e, inScratch: q, rawRange: rawStart..<rawEnd))
                    }
                }
            }
        }
    }
}

extension CSVRecord {
    /// Parses `bytes` as one row (a terminator is optional) and passes it to `body`.
    public static func parsing<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) throws -> R) rethrows -> R {
        var parser = CSVRowParser()
        let empty: [UInt8] = [0]
        return try empty.withUnsafeBufferPointer { fallback in
            let base = bytes.baseAddress ?? fallback.baseAddress!
            if bytes.count > 0 { _ = parser.parseRow(base, from: 0, to: bytes.count, atEOF: true) }
            return try parser.withRecordReturning(base: base, rawStart: 0, line: 1, offset: 0, nextOffset: Int64(bytes.count),
                                                  terminated: true, openQuote: false, body)
        }
    }
}

extension CSVRowParser {
    func withRecordReturning<R>(base: UnsafePointer<UInt8>, rawStart: Int, line: Int, offset: Int64, nextOffset: Int64,
                                terminated: Bool, openQuote: Bool, _ body: (CSVRecord) throws -> R) rethrows -> R {
        var result: R?
        try withRecord(base: base, rawStart: rawStart, line: line, offset: offset, nextOffset: nextOffset,
                       terminated: terminated, openQuote: openQuote) { result = try body($0) }
        return result!
    }
}
