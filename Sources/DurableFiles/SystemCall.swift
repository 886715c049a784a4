#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's calls under names no method shadows, for either platform's C library.
enum SystemCall {
    #if canImport(Glibc)
    static let write = Glibc.write
    static let close = Glibc.close
    static let rename = Glibc.rename
    #elseif canImport(Darwin)
    static let write = Darwin.write
    static let close = Darwin.close
    static let rename = Darwin.rename
    #endif

    /// The text of the current `errno`.
    static func lastError() -> String { String(cString: strerror(errno)) }

    /// Writes all of `bytes` at the descriptor's position, resuming after interrupted or short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Makes the entries of `directory` (a rename or a new file in it) durable.
    static func syncDirectory(_ directory: String) {
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        _ = close(fd)
    }

    /// The names in `directory` (without "." and ".."); empty when it cannot be read.
    static func entries(of directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
