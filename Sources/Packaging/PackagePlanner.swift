/// Splits one (obs unit, module) group of files into packages of at most `maxBytes` each.
///
/// Files keep their path order; a package is closed when the next file would pass the limit. A
/// file larger than the limit alone makes a package (a file is never split). Unknown sizes count
/// as zero.
public enum PackagePlanner {
    public struct File: Sendable, Equatable {
        public let id: String
        public let path: String
        public let size: Int64
        public init(id: String, path: String, size: Int64) {
            self.id = id
            self.path = path
            self.size = size
        }
    }

    public static func split(_ files: [File], maxBytes: Int64) -> [[File]] {
        let sorted = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var packages: [[File]] = []
        var current: [File] = []
        var bytes: Int64 = 0
        for file in sorted {
            if !current.isEmpty && bytes + file.size > maxBytes {
                packages.append(current)
                current = []
                bytes = 0
            }
            current.append(file)
            bytes += file.size
        }
        if !current.isEmpty { packages.append(current) }
        return packages
    }
}
