#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libdeflate (Eric Biggers' whole-buffer DEFLATE library), loaded at run time with dlopen.
///
/// CDF compresses each block whole, which is exactly libdeflate's model, and libdeflate compresses
/// about twice as fast as zlib at the same level with output no larger. It is loaded rather than
/// linked so that Ferry builds and runs on a machine without it (zlib then does the work); Debian
/// installs it as `libdeflate0` with libtiff.
struct Libdeflate: Sendable {
    private typealias AllocCompressor = @convention(c) (Int32) -> OpaquePointer?
    private typealias FreeCompressor = @convention(c) (OpaquePointer?) -> Void
    private typealias GzipCompress = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int) -> Int
    private typealias GzipCompressBound = @convention(c) (OpaquePointer?, Int) -> Int
    private typealias AllocDecompressor = @convention(c) () -> OpaquePointer?
    private typealias FreeDecompressor = @convention(c) (OpaquePointer?) -> Void
    private typealias GzipDecompress = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int,
                                                       UnsafeMutablePointer<Int>?) -> Int32

    private let allocCompressor: AllocCompressor
    private let freeCompressor: FreeCompressor
    private let gzipCompress: GzipCompress
    private let gzipCompressBound: GzipCompressBound
    private let allocDecompressor: AllocDecompressor
    private let freeDecompressor: FreeDecompressor
    private let gzipDecompress: GzipDecompress

    /// The library, or nil when the system has none that loads.
    static let shared: Libdeflate? = load()

    private static func load() -> Libdeflate? {
        for name in ["libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dylib"] {
            // The handle is never closed: the functions are used for the life of the process.
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            func function<F>(_ symbol: String, as type: F.Type) -> F? {
                dlsym(handle, symbol).map { unsafeBitCast($0, to: type) }
            }
            if let alloc = function("libdeflate_alloc_compressor", as: AllocCompressor.self),
               let free = function("libdeflate_free_compressor", as: FreeCompressor.self),
               let compress = function("libdeflate_gzip_compress", as: GzipCompress.self),
               let bound = function("libdeflate_gzip_compress_bound", as: GzipCompressBound.self),
               let allocInflater = function("libdeflate_alloc_decompressor", as: AllocDecompressor.self),
               let freeInflater = function("libdeflate_free_decompressor", as: FreeDecompressor.self),
               let decompress = function("libdeflate_gzip_decompress", as: GzipDecompress.self) {
                return Libdeflate(allocCompressor: alloc, freeCompressor: free, gzipCompress: compress, gzipCompressBound: bound,
                                  allocDecompressor: allocInflater, freeDecompressor: freeInflater, gzipDecompress: decompress)
            }
            dlclose(handle)
        }
        return nil
    }

    /// Compresses `input` into one complete gzip member (RFC 1952) at `level` (1–12).
    func gzip(_ input: UnsafeRawBufferPointer, level: Int) throws -> [UInt8] {
        // A compressor is not shared between threads; one per block costs far less than the block.
        guard let compressor = allocCompressor(Int32(level)) else {
            throw GzipFailure(message: "libdeflate has no level \(level) compressor")
        }
        defer { freeCompressor(compressor) }
        let capacity = gzipCompressBound(compressor, input.count)
        var written = 0
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            written = gzipCompress(compressor, input.baseAddress, input.count, buffer.baseAddress, capacity)
            count = written
        }
        // 0 means the bound was too small, which libdeflate's own bound rules out.
        guard written > 0 else { throw GzipFailure(message: "libdeflate produced no output") }
        return output
    }

    /// Inflates one gzip member into `destination`; returns the bytes produced, or nil when
    /// libdeflate refuses the data (corrupt, too large, not a single gzip member), which the caller
    /// then hands to zlib for the same answer as ever and its error message.
    func gunzip(_ input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int? {
        guard let decompressor = allocDecompressor() else { return nil }
        defer { freeDecompressor(decompressor) }
        var produced = 0
        let result = gzipDecompress(decompressor, input.baseAddress, input.count, destination.baseAddress, destination.count, &produced)
        return result == 0 ? produced : nil   // 0: LIBDEFLATE_SUCCESS
    }
}
