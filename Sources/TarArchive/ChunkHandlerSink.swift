/// Hands each chunk of the archive to a closure: the adapter for streams (an upload's parts, a pipe
/// to another component, a verifying reader).
public struct ChunkHandlerSink: TarArchiveSink {
    private let handler: (UnsafeRawBufferPointer) throws -> Void

    /// Calls `handler` with every chunk in order; a chunk is valid only during the call, and an error
    /// thrown by `handler` stops the writer and is rethrown by it.
    public init(_ handler: @escaping (UnsafeRawBufferPointer) throws -> Void) { self.handler = handler }

    public func write(_ bytes: UnsafeRawBufferPointer) throws { try handler(bytes) }
}
