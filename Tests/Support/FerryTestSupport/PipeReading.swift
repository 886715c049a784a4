public import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileHandle {
    /// Reads up to 64 KiB as it arrives: empty at end of file. Unlike Foundation's `availableData`
    /// and `readDataToEndOfFile()`, which stop the process with a `try!` when read(2) is interrupted
    /// by a signal (EINTR), it reads again; a test process gets signals (children ending, say).
    public func readChunkRetryingInterrupts() -> Data {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Data(buffer[0..<count]) }
            if errno != EINTR && errno != EAGAIN { return Data() }
        }
    }

    /// Everything up to end of file, reading again after interrupts (see `readChunkRetryingInterrupts`).
    public func readToEndRetryingInterrupts() -> Data {
        var data = Data()
        while case let chunk = readChunkRetryingInterrupts(), !chunk.isEmpty { data.append(chunk) }
        return data
    }
}
