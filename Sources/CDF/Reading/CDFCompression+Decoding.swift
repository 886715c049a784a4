/// Why a compressed block or file could not be decoded (any method).
struct CDFDecodingError: Error {
    let message: String
}

extension CDFCompression {
    /// Decodes data compressed this way into `destination` (sized from the file's own records);
    /// returns the bytes produced.
    func decode(_ data: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        switch self {
        case .gzip: try GzipInflate.inflate(data, into: destination)
        case .other(code: 1): try ZeroRunLength.decode(data, into: destination)
        case .other(code: 2): try StaticHuffman.decode(data, into: destination)
        case .other(code: 3): try AdaptiveHuffman.decode(data, into: destination)
        case let .other(code): throw CDFDecodingError(message: "compression type \(code) is unknown")
        }
    }
}
