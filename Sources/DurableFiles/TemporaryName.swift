#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The name of a file or folder that exists only while one process writes it:
/// `.<final name>.<pid>.<random>.<kind>` beside its destination.
///
/// The leading dot keeps readers that look for data from picking it up; the process id lets a
/// later run tell a temporary whose writer died (and remove it) from one still being written;
/// the random part keeps two writers of the same destination, even in one process, apart.
public struct TemporaryName: Sendable, Equatable {
    /// What the temporary becomes or serves: a file renamed into place, or a spool folder.
    public enum Kind: String, Sendable, CaseIterable {
        case file = "tmp"
        case spool = "spool"
    }

    /// The destination's file name (no folder).
    public let finalName: String
    /// The process that writes it.
    public let pid: Int32
    public let kind: Kind
    let nonce: String

    /// A new, unique temporary name for `finalName` owned by this process.
    public init(for finalName: String, kind: Kind = .file) {
        self.finalName = finalName
        pid = getpid()
        self.kind = kind
        nonce = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// The name as it appears in the folder.
    public var fileName: String { ".\(finalName).\(pid).\(nonce).\(kind.rawValue)" }

    /// Reads a folder entry back; nil when `fileName` is not a temporary of this form.
    public init?(parsing fileName: String) {
        guard fileName.hasPrefix(".") else { return nil }
        let parts = fileName.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, let kind = Kind(rawValue: String(parts[parts.count - 1])),
              let pid = Int32(parts[parts.count - 3]), pid > 0,
              !parts[parts.count - 2].isEmpty, parts[parts.count - 2].allSatisfy({ $0.isLetter || $0.isNumber })
        else { return nil }
        self.finalName = parts[..<(parts.count - 3)].joined(separator: ".")
        guard !finalName.isEmpty else { return nil }
        self.pid = pid
        self.kind = kind
        nonce = String(parts[parts.count - 2])
    }

    /// Whether the writing process is gone from this host (so the temporary can never be finished).
    public var writerIsGone: Bool {
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
