import Foundation

/// The ledger's numeric columns as the reference tool writes them (seconds and MiB, 3 decimals).
enum LedgerFigures {
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.3f", Double(seconds) + Double(attoseconds) / 1e18)
    }

    static func megabytes(of path: String) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return String(format: "%.3f", Double(size) / 1_048_576)
    }

    /// Whether `path` is a regular file (the decision tables ask whether an artifact still exists).
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
