import CZlib

/// Inflates GZIP (RFC 1952) data, the compression CDF's GZIP method stores, never past a limit.
enum GzipInflate {
    /// Inflates `data`, refusing to produce more than `limit` bytes. Sizes come from the file, so
    /// the output grows with what zlib actually produces (at most ~1,000 times the input) rather
    /// than being allocated up front from a header a corrupt file could inflate.
    static func inflate(_ data: ArraySlice<UInt8>, limit: Int) throws -> [UInt8] {
        guard limit >= 0 else { throw CDFDecodingError(message: "negative size limit \(limit)") }
        guard !data.isEmpty else { throw CDFDecodingError(message: "no compressed data") }
        // zlib counts input in 32 bits; CDF blocks are far smaller.
        guard data.count < Int(UInt32.max) else {
            throw CDFDecodingError(message: "a compressed block of \(data.count) bytes is too large")
        }
        var stream = z_stream()
        // 15 + 32: a 32 KiB window and automatic GZIP/zlib header detection.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CDFDecodingError(message: "zlib failed to initialise")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, data.count * 4 + 4096))
        var chunk = [UInt8](repeating: 0, count: min(limit + 1, 1 << 18))
        var status: Int32 = Z_OK
        try data.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!)
            stream.avail_in = UInt32(input.count)
            // Each pass either produces output, consumes input or stops with a status: no hang.
            while status == Z_OK {
                let room = chunk.count
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress!
                    stream.avail_out = UInt32(room)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return room - Int(stream.avail_out)
                }
                if produced > 0 {
                    guard output.count + produced <= limit else {
                        throw CDFDecodingError(message: "inflates to more than the \(limit) bytes the header allows")
                    }
                    output.append(contentsOf: chunk[0..<produced])
                }
                if status == Z_BUF_ERROR || (status == Z_OK && produced == 0) {
                    throw CDFDecodingError(message: "compressed data ends early (after \(output.count) inflated bytes)")
                }
            }
        }
        guard status == Z_STREAM_END else {
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw CDFDecodingError(message: "corrupt compressed data (\(reason))")
        }
        return output
    }

    /// Inflates `data` straight into `destination` (the caller knows the size: a CVVR's records);
    /// returns the bytes produced. Data that would overflow `destination` is an error. With
    /// libdeflate as `engine`, zlib still takes (and explains) whatever libdeflate refuses.
    static func inflate(_ data: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer,
                        engine: CDFDeflateEngine = .fastest) throws -> Int {
        guard let input = data.baseAddress, !data.isEmpty else { throw CDFDecodingError(message: "no compressed data") }
        guard let output = destination.baseAddress, !destination.isEmpty else {
            throw CDFDecodingError(message: "no room for inflated data")
        }
        guard data.count < Int(UInt32.max), destination.count < Int(UInt32.max) else {
            throw CDFDecodingError(message: "a compressed block of \(data.count) bytes is too large")
        }
        // libdeflate inflates about twice as fast.
        if engine == .libdeflate, let libdeflate = Libdeflate.shared, let produced = libdeflate.gunzip(data, into: destination) {
            return produced
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CDFDecodingError(message: "zlib failed to initialise")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(data.count)
        stream.next_out = output.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(destination.count)
        let status = CZlib.inflate(&stream, Z_FINISH)
        let produced = destination.count - Int(stream.avail_out)
        switch status {
        case Z_STREAM_END:
            return produced
        case Z_BUF_ERROR where stream.avail_out == 0 && stream.avail_in > 0, Z_OK where stream.avail_out == 0:
            throw CDFDecodingError(message: "inflates to more than the \(destination.count) bytes its records hold")
        case Z_BUF_ERROR, Z_OK:
            throw CDFDecodingError(message: "compressed data ends early (after \(produced) inflated bytes)")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw CDFDecodingError(message: "corrupt compressed data (\(reason))")
        }
    }
}

