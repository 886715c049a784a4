public import Foundation

/// The Python interpreter of the test environment (`FERRY_PYTHON`, set by scripts/test), through
/// which tests reach the real peers: Python's csv module, cdflib, spacepy, moto, rclone.
public enum PythonPeer {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String {
            "FERRY_PYTHON is not set: interop tests need the Python peers; run them with scripts/test"
        }
    }

    /// The interpreter path; throws (failing the test) when the environment does not name one.
    public static func interpreter() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["FERRY_PYTHON"], !path.isEmpty else {
            throw Unavailable()
        }
        return path
    }

    /// The environment for one Python child: the test process's own, with `SPACEPY` naming a
    /// directory of that child's. spacepy rewrites `$SPACEPY/.spacepy/spacepy.rc` (else
    /// `$HOME/.spacepy/…`) on every import without a lock, so children sharing one home race on a
    /// fresh machine and fail to import (`UnboundLocalError … nextsec`); with a directory per child
    /// there is nothing to share.
    public static func environment(spacepyDirectory: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SPACEPY"] = spacepyDirectory
        return environment
    }

    /// Runs a Python script given as source text with arguments; throws unless it exits 0.
    @discardableResult
    public static func run(_ source: String, arguments: [String] = [], stdin: Data? = nil) async throws -> ProcessOutput {
        let directory = try TemporaryDirectory()
        let script = directory.path("script.py")
        try source.write(toFile: script, atomically: true, encoding: .utf8)
        let output = try await ProcessOutput.run(try interpreter(), [script] + arguments, stdin: stdin,
                                                 environment: environment(spacepyDirectory: directory.url.path))
        guard output.status == 0 else {
            throw ProcessFailure(command: "python script", output: output)
        }
        return output
    }
}
