import DatabaseTestSupport
import FerryTestSupport
import Foundation
import Testing

/// A site on disk for `ferry package` runs: a SOURCE folder of raw files, buffers, sites.yaml,
/// and the database URL every command gets.
struct PackagingFixture: Sendable {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory
    let databaseURL: String
    var source: String { directory.path("source") }
    var buffer: String { directory.path("buffer") }

    /// Added to every command's environment (AWS credentials for an S3 buffer, say).
    var environment: [String: String] = [:]

    init(databaseURL: String, buffers: [(name: String, path: String, priority: Int)]? = nil, extraSites: String = "",
         sourceHost: String? = nil, extraBufferLines: String = "") throws {
        directory = try TemporaryDirectory()
        self.databaseURL = databaseURL
        try FileManager.default.createDirectory(atPath: directory.path("source"), withIntermediateDirectories: true)
        let bufferList = buffers ?? [(name: "buffer-a", path: "buffer", priority: 10)]
        let bufferLines = bufferList.map {
            "      - {name: \($0.name), type: BUFFER, storage: disk, path: \($0.path), priority: \($0.priority)}"
        }.joined(separator: "\n") + extraBufferLines
        let hostLine = sourceHost.map { ", host: \($0)" } ?? ""
        try """
        sites:
          - name: CCAT Observatory
            short_name: ccat
            locations:
              - {name: telescope, type: SOURCE, storage: disk, path: source\(hostLine)}
        \(bufferLines)
        \(extraSites)
        instruments:
          - name: Prime-Cam
            modules: [pc-280, pc-350]
          - name: CHAI
            modules: [chai-lfa]
        """.write(toFile: directory.path("sites.yaml"), atomically: true, encoding: .utf8)
    }

    /// Writes a raw file of `size` pseudo-random bytes (seeded by its path) under the source.
    @discardableResult
    func writeRawFile(_ relative: String, size: Int, mode: Int = 0o644, mtime: Int? = nil) throws -> String {
        let path = source + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: relative.hashValueStable))
        var bytes = [UInt8](repeating: 0, count: size)
        for index in stride(from: 0, to: size, by: 8) {
            let value = generator.next()
            for offset in 0..<min(8, size - index) { bytes[index + offset] = UInt8(truncatingIfNeeded: value >> (offset * 8)) }
        }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        chmod(path, mode_t(mode))
        if let mtime {
            var times = [timespec(tv_sec: mtime, tv_nsec: 0), timespec(tv_sec: mtime, tv_nsec: 0)]
            utimensat(AT_FDCWD, path, &times, 0)
        }
        return path
    }

    /// Runs `ferry package <arguments> --database URL`.
    func run(_ arguments: [String]) async throws -> ProcessOutput {
        try await ProcessOutput.run(ferry, ["package"] + arguments + ["--database", databaseURL], environment: processEnvironment)
    }

    var processEnvironment: [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": directory.url.path].merging(environment) { $1 }
    }

    /// Runs a command that must exit 0, recording its output otherwise.
    @discardableResult
    func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> ProcessOutput {
        let output = try await run(arguments)
        #expect(output.status == 0, "ferry package \(arguments.joined(separator: " ")): \(output.stderrText)\(output.stdoutText)",
                sourceLocation: sourceLocation)
        return output
    }

    /// Starts `ferry package <arguments>` as a process of its own (for kill and concurrency tests).
    func start(_ arguments: [String], name: String) throws -> ChildProcess {
        try ChildProcess(ferry, ["package"] + arguments + ["--database", databaseURL],
                         environment: processEnvironment, outputPrefix: directory.path(name))
    }

    /// Starts a worker process (for kill and concurrency tests).
    func startWorker(_ arguments: [String], name: String) throws -> ChildProcess {
        try ChildProcess(ferry, ["package", "worker"] + arguments + ["--database", databaseURL],
                         environment: processEnvironment, outputPrefix: directory.path(name))
    }

    /// `ferry package status --json`, decoded.
    func status() async throws -> StatusDocument {
        let output = try await run(["status", "--json"])
        return try JSONDecoder().decode(StatusDocument.self, from: output.stdout)
    }

    func prepare() async throws {
        try await succeed(["init", "--config", directory.path("sites.yaml")])
    }
}

/// The parts of `ferry package status --json` the tests read.
struct StatusDocument: Decodable {
    struct Package: Decodable {
        let name, site, obs_unit, module, status, state: String
        let files: [String]
        let size: Int64?
        let sha256, location, path, error: String?
        let attempts: Int
    }
    struct Worker: Decodable { let id, state: String }
    let packages: [Package]
    let workers: [Worker]
    let unpackaged_files: Int
}

extension String {
    /// A hash that is the same in every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        var hash: UInt64 = 14695981039346656037
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        return Int(truncatingIfNeeded: hash)
    }
}
