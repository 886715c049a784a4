#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an archive could not be written or read; every case about a member names its relative path.
public enum TarArchiveError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The source root cannot be resolved or opened.
    case sourceRootUnavailable(root: String, errno: Int32)
    /// A member path is empty, absolute, has `.`/`..`/empty components or a NUL byte.
    case invalidMemberPath(path: String, reason: String)
    /// The same member path was listed twice.
    case duplicateMember(path: String)
    /// The member does not exist.
    case missingFile(path: String)
    /// The member (or a folder on its way) may not be read by this process.
    case permissionDenied(path: String)
    /// The member is a directory, device, socket or FIFO, not a regular file.
    case notARegularFile(path: String)
    /// The member resolves (through symbolic links) to `resolved`, outside the source root.
    case escapesRoot(path: String, resolved: String)
    /// The member's size or modification time changed while it was being packed.
    case changedWhilePacking(path: String, detail: String)
    /// Opening, reading or inspecting the member failed with `errno`.
    case readFailed(path: String, errno: Int32)
    /// The sink could not take the archive's bytes (`errno` of the failed write).
    case writeFailed(errno: Int32)
    /// The archive ends before its end-of-archive marker (`offset` bytes were seen).
    case truncated(offset: Int)
    /// The header block at `offset` is not a valid tar header.
    case corruptHeader(offset: Int, detail: String)

    public var description: String {
        switch self {
        case let .sourceRootUnavailable(root, code):
            return "source root \(root) is unavailable: \(Self.reason(code))"
        case let .invalidMemberPath(path, reason):
            return "invalid member path \(path.debugDescription): \(reason)"
        case let .duplicateMember(path):
            return "member \(path) is listed twice"
        case let .missingFile(path):
            return "member \(path) does not exist"
        case let .permissionDenied(path):
            return "member \(path) cannot be read: permission denied"
        case let .notARegularFile(path):
            return "member \(path) is not a regular file"
        case let .escapesRoot(path, resolved):
            return "member \(path) resolves to \(resolved), outside the source root"
        case let .changedWhilePacking(path, detail):
            return "member \(path) changed while it was being packed: \(detail)"
        case let .readFailed(path, code):
            return "member \(path) could not be read: \(Self.reason(code))"
        case let .writeFailed(code):
            return "the archive could not be written: \(Self.reason(code))"
        case let .truncated(offset):
            return "the archive is truncated: it ends after \(offset) bytes, before its end-of-archive marker"
        case let .corruptHeader(offset, detail):
            return "corrupt tar header at offset \(offset): \(detail)"
        }
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
