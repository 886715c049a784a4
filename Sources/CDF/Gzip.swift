import CZlib

/// RFC 1952 gzip streams (header and trailer), the form CDF's GZIP compression stores.
enum Gzip {
    /// zlib's windowBits for a gzip wrapper: 15-bit window + 16.
    static let gzipWindowBits: Int32 = 31

    /// Compresses `input` into one complete gzip stream with `engine`.
    static func compress(_ input: UnsafeRawBufferPointer, level: Int, engine: CDFDeflateEngine) throws -> [UInt8] {
        if engine == .libdeflate, let libdeflate = Libdeflate.shared {
            return try libdeflate.gzip(input, level: level)
        }
        var stream = z_stream()
        guard deflateInit2_(&stream, Int32(level), Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipFailure(message: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        // deflateBound covers the gzip header and trailer, so one call with Z_FINISH suffices.
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status = output.withUnsafeMutableBytes { out -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
            stream.avail_out = uInt(out.count)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw GzipFailure(message: "deflate returned \(status)") }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }
}

/// A streaming gzip compressor: feed chunks, collect output through a sink.
final class GzipStream {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 20)

    init(level: Int) throws {
        guard deflateInit2_(&stream, Int32(level), Z_DEFLATED, Gzip.gzipWindowBits, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipFailure(message: "deflateInit2 failed")
        }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `input`; `finish` ends the stream. Output goes to `sink` as it is produced.
    func feed(_ input: UnsafeRawBufferPointer, finish: Bool, sink: ([UInt8]) throws -> Void) throws {
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        while true {
            let capacity = output.count
            let status = output.withUnsafeMutableBytes { out -> Int32 in
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(capacity)
                return deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
            }
            let produced = capacity - Int(stream.avail_out)
            if produced > 0 { try sink(Array(output[0..<produced])) }
            if finish {
                if status == Z_STREAM_END { return }
                guard status == Z_OK || status == Z_BUF_ERROR else { throw GzipFailure(message: "deflate returned \(status)") }
            } else {
                guard status == Z_OK || status == Z_BUF_ERROR else { throw GzipFailure(message: "deflate returned \(status)") }
                if stream.avail_in == 0 && stream.avail_out != 0 { return }
            }
        }
    }
}

/// zlib refused or failed.
struct GzipFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { "gzip: \(message)" }
}
