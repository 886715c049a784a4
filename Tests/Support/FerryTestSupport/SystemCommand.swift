import Foundation

/// Programs of the system's packages that tests drive (psql, ssh, ssh-keygen), found on PATH like a
/// shell would, so a missing package fails with its name rather than with a launch error.
enum SystemCommand {
    struct NotFound: Error, CustomStringConvertible {
        let name: String
        var description: String {
            "\(name) is not on PATH: scripts/test installs the Debian packages the tests need; run the tests with it"
        }
    }

    /// The absolute path of the executable `name` on PATH (Debian's /usr/bin when PATH is unset).
    static func path(_ name: String) throws -> String {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotFound(name: name)
    }
}
