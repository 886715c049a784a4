#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the kernel to start reading the next members while the current one is packed.
///
/// The kernel reads ahead within a file, never across files: thousands of small members would each
/// wait for the disk in turn. This keeps up to `window` bytes of the members after the current one
/// on their way into the cache. It is only a hint: a member it cannot open is left to
/// `SourceFile`, which checks every path properly when its turn comes.
struct MemberPrefetch {
    /// How many bytes of later members to have requested ahead of the one being read.
    static let defaultWindow = 32 << 20
    /// The most members requested ahead, whatever their size (each costs an open).
    static let maximumMembers = 256

    private let root: String
    private let paths: [String]
    private let window: Int
    /// The next member to request, and the bytes requested for each member not yet packed.
    private var next = 0
    private var requested: [Int: Int] = [:]
    private var requestedTotal = 0

    init(root: String, paths: [String], window: Int = defaultWindow) {
        self.root = root
        self.paths = paths
        self.window = window
    }

    /// Called as member `index` is about to be read: requests later members up to the window.
    mutating func reading(_ index: Int) {
        #if os(Linux)
        if let bytes = requested.removeValue(forKey: index) { requestedTotal -= bytes }
        next = max(next, index + 1)
        while next < paths.count, next - index <= Self.maximumMembers, requestedTotal < window {
            let bytes = request(paths[next], upTo: window - requestedTotal)
            requested[next] = bytes
            requestedTotal += bytes
            next += 1
        }
        #endif
    }

    /// Starts reading the first `limit` bytes of one member in the background; returns how many it asked for.
    private func request(_ path: String, upTo limit: Int) -> Int {
        #if os(Linux)
        let joined = root == "/" ? "/" + path : root + "/" + path
        let descriptor = open(joined, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return 0 }
        let bytes = min(Int(status.st_size), limit)
        if bytes > 0 { _ = posix_fadvise(descriptor, 0, off_t(bytes), POSIX_FADV_WILLNEED) }
        return bytes
        #else
        return 0
        #endif
    }
}
