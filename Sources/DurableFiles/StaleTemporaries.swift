#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes what writers killed mid-write left behind: temporary files and spool folders (see
/// ``TemporaryName``) whose process is gone.
///
/// Callers hold the lock that serialises the writers of those destinations (a day's lock), so no
/// live writer on another host can be mistaken for a dead one; the process check keeps even an
/// unlocked caller from removing the temporary of a live writer on this host.
public enum StaleTemporaries {
    /// Removes, in `directory`, the temporaries whose final name starts with `prefix` and whose
    /// writer is gone; returns the names removed.
    @discardableResult
    public static func remove(in directory: String, finalNamePrefix prefix: String = "") -> [String] {
        var removed: [String] = []
        for name in SystemCall.entries(of: directory) {
            guard let temporary = TemporaryName(parsing: name), temporary.finalName.hasPrefix(prefix),
                  temporary.writerIsGone else { continue }
            let path = directory + "/" + name
            switch temporary.kind {
            case .file: if unlink(path) == 0 { removed.append(name) }
            case .spool: if removeTree(path) { removed.append(name) }
            }
        }
        return removed
    }

    /// Removes a spool folder: its files, then itself (spools hold no sub-folders).
    @discardableResult
    public static func removeTree(_ directory: String) -> Bool {
        for name in SystemCall.entries(of: directory) { unlink(directory + "/" + name) }
        return rmdir(directory) == 0 || errno == ENOENT
    }
}
