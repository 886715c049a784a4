import Foundation
import Testing
import FerryTestSupport

/// `ferry cdf dump`, run as the built executable on files NASA's library wrote.
@Suite struct CDFCommandTests {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// NASA's library (spacepy) writes the fixture set into the test's directory (small variables).
    func peerFiles() async throws {
        try await PythonPeer.run(CDFPeerScripts.generator, arguments: [directory.url.path, "small"])
    }

    @Test(arguments: ["nasa_plain.cdf", "nasa_whole_file_md5.cdf", "nasa_network_column.cdf", "cdflib_column_big_md5.cdf"])
    func dumpJSONMatchesWhatNASAReads(_ name: String) async throws {
        try await peerFiles()
        let path = directory.path(name)
        let output = try await ProcessOutput.run(ferry, ["cdf", "dump", path, "--json"])
        #expect(output.status == 0, "\(output.stderrText)")
        let documentPath = directory.path("dump.json")
        try output.stdout.write(to: URL(fileURLWithPath: documentPath))
        let check = try await PythonPeer.run(CDFPeerScripts.dumpChecker, arguments: [path, documentPath])
        #expect(try JSONDecoder().decode([String].self, from: check.stdout) == [], "\(name)")
        // The document's top level, exactly as the contract names it.
        let document = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
        #expect(Set(document.keys) == ["format", "attributes", "variables"])
        let variable = try #require((document["variables"] as? [[String: Any]])?.first)
        #expect(Set(variable.keys) == ["name", "kind", "type", "numElems", "dims", "dimVarys", "recVary", "maxRec",
                                        "pad", "compression", "blockingFactor", "attributes", "records"])
    }

    @Test func theListingShowsAttributesAndValues() async throws {
        try await peerFiles()
        let output = try await ProcessOutput.run(ferry, ["cdf", "dump", directory.path("nasa_plain.cdf")])
        #expect(output.status == 0)
        let text = output.stdoutText
        #expect(text.contains("encoding IBMPC") && text.contains("row-major"))
        #expect(text.contains("Ferry interop") && text.contains("zVariable dose_rate: CDF_REAL4, 3 × 2"))
        #expect(text.contains("[1] [[\"NaN\", 0.7], [0.8, 0.90000004], [1.0, 1.1]]"))
    }

    @Test func aCorruptFileExitsTwoNamingTheOffset() async throws {
        try await peerFiles()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: directory.path("nasa_plain.cdf")))
        // The GDR offset in the CDR (at 8 + 12) pointed past the end of the file.
        bytes.replaceSubrange(20..<28, with: [0x7F, 0, 0, 0, 0, 0, 0, 0])
        let corrupt = directory.path("corrupt.cdf")
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        let output = try await ProcessOutput.run(ferry, ["cdf", "dump", corrupt, "--json"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        let message = output.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n") && message.contains("corrupt.cdf") && message.contains("offset") && message.contains("GDR"),
                "\(message)")

        let missing = try await ProcessOutput.run(ferry, ["cdf", "dump", directory.path("missing.cdf")])
        #expect(missing.status == 2 && missing.stderrText.contains("missing.cdf"))
    }
}
