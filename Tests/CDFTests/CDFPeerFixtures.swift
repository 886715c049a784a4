import Foundation
import FerryTestSupport
@testable import CDF

/// CDF files written by NASA's library (through spacepy) and by cdflib, made once per test run,
/// and the script that says what those libraries read from a file.
enum CDFPeerFixtures {
    /// File names the generator writes: NASA's library (v3, and v2.7 in backward-compatible mode) and cdflib.
    static let names = [
        "nasa_plain.cdf", "nasa_compressed_vars.cdf", "nasa_whole_file_md5.cdf", "nasa_network_column.cdf",
        "nasa_many_records.cdf", "cdflib_row.cdf", "cdflib_column_big_md5.cdf", "cdflib_whole_file.cdf",
        "nasa_v2.cdf", "nasa_v2_whole_file.cdf",
    ]

    /// Full-size fixtures (100–3,000 records per variable) for the interop tests.
    static let full = Task { try await generate(small: false) }
    /// Small fixtures (about 12 records per variable) for the fuzz test.
    static let small = Task { try await generate(small: true) }

    /// A directory that lives for the whole test process (fixtures are shared between tests).
    struct Directory: Sendable {
        let path: String
        func file(_ name: String) -> String { path + "/" + name }
    }

    private static func generate(small: Bool) async throws -> Directory {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-cdf-fixtures-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try await PythonPeer.run(CDFPeerScripts.generator, arguments: [path] + (small ? ["small"] : []))
        return Directory(path: path)
    }

    /// What NASA's library (spacepy, validation on) and cdflib read from a file, as JSON; every
    /// value is text (integers exact, floats by repr, strings without trailing NULs and spaces).
    static func describe(_ path: String) async throws -> [String: Any] {
        let output = try await PythonPeer.run(CDFPeerScripts.describer, arguments: [path])
        guard let document = try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any] else {
            throw CDFError(path: path, "the describer printed no JSON object")
        }
        return document
    }
}
