import FerryTestSupport
import Foundation
import Glibc
import TarArchive
import Testing

/// Archives the writer makes are read the same by GNU tar, Python's tarfile and sha256sum.
@Suite struct TarArchiveWriterInteropTests {
    let tree: SourceTree
    let archivePath: String
    let summary: TarArchiveSummary

    init() throws {
        tree = try SourceTree.standard()
        archivePath = tree.directory.path("archive.tar")
        summary = try tree.writeArchive(to: archivePath)
    }

    @Test func theSummaryListsMembersInByteOrderWithTheirAttributes() throws {
        let expected = tree.files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        #expect(summary.members.map(\.path) == expected.map(\.path))
        for (member, file) in zip(summary.members, expected) {
            #expect(member.size == file.bytes.count, "\(file.path)")
            #expect(member.mode == file.mode, "\(file.path)")
            #expect(member.modificationTime == file.seconds, "\(file.path)")
            #expect(member.modificationTimeNanoseconds == file.microseconds * 1000, "\(file.path)")
        }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archivePath)[.size] as? Int)
        #expect(summary.size == size)
        #expect(size % 10240 == 0, "padded to GNU tar's 10240-byte record")
    }

    @Test func digestsEqualSha256sumOfTheArchiveAndOfEachSource() async throws {
        #expect(summary.sha256 == (try await Commands.sha256sum(archivePath)))
        for member in summary.members {
            #expect(member.sha256 == (try await Commands.sha256sum(tree.root + "/" + member.path)), "\(member.path)")
        }
    }

    @Test func gnuTarListsNamesSizesAndModes() async throws {
        let listing = try await Commands.tar(["--numeric-owner", "--quoting-style=literal", "-tvf", archivePath])
        let lines = listing.split(separator: "\n")
        #expect(lines.count == tree.files.count, "\(listing)")
        for line in lines {
            // "-rw-r----- 0/0 0 2017-07-14 02:40 empty.dat"
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            try #require(fields.count == 6, "\(line)")
            let name = String(fields[5])
            let file = try #require(tree.files.first { $0.path == name }, "unexpected name in \(line)")
            #expect(fields[0] == "-" + Self.permissionString(file.mode), "\(line)")
            #expect(Int(fields[2]) == file.bytes.count, "\(line)")
        }
    }

    @Test func gnuTarExtractsIdenticalFilesWithModesAndTimes() async throws {
        let destination = tree.directory.path("gnu-extracted")
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        try await Commands.tar(["-x", "-p", "-f", archivePath, "-C", destination])
        try expectExtracted(into: destination)
    }

    @Test func pythonTarfileListsAndExtractsTheSame() async throws {
        let destination = tree.directory.path("python-extracted")
        let script = """
        import hashlib, json, sys, tarfile
        with tarfile.open(sys.argv[1]) as archive:
            members = []
            for member in archive.getmembers():
                data = archive.extractfile(member).read()
                members.append({"name": member.name, "size": member.size, "mode": member.mode,
                                "mtime": member.mtime, "pax": sorted(member.pax_headers),
                                "sha256": hashlib.sha256(data).hexdigest()})
            archive.extractall(sys.argv[2], filter="fully_trusted")
        print(json.dumps(members))
        """
        let output = try await PythonPeer.run(script, arguments: [archivePath, destination])
        let listed = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == summary.members.map(\.path))
        for (entry, member) in zip(listed, summary.members) {
            #expect(entry["size"] as? Int == member.size, "\(member.path)")
            #expect(entry["mode"] as? Int == member.mode, "\(member.path)")
            #expect(entry["sha256"] as? String == member.sha256, "\(member.path)")
            let mtime = try #require(entry["mtime"] as? Double, "\(member.path)")
            #expect(mtime == Double(member.modificationTime) + Double(member.modificationTimeNanoseconds) / 1e9,
                    "\(member.path)")
        }
        // A pax header exactly where ustar cannot hold the path: not for one that splits at a slash.
        func paxKeys(_ path: String) -> [String]? { listed.first { $0["name"] as? String == path }?["pax"] as? [String] }
        #expect(paxKeys(SourceTree.splittablePath) == [])
        #expect(paxKeys("empty.dat") == [])
        #expect(paxKeys(SourceTree.deepPath) == ["mtime", "path"])
        #expect(paxKeys(SourceTree.longComponentPath) == ["mtime", "path"])
        #expect(paxKeys(SourceTree.nonASCIIPath) == ["mtime", "path"])
        try expectExtracted(into: destination)
    }

    /// Every file extracted under `destination` has the source's bytes, permission bits and mtime (to
    /// the nanosecond where a pax header carried it, else to the second).
    private func expectExtracted(into destination: String) throws {
        for file in tree.files {
            let path = destination + "/" + file.path
            #expect(FileManager.default.contents(atPath: path) == Data(file.bytes), "\(file.path)")
            var status = stat()
            try #require(stat(path, &status) == 0, "\(file.path) was not extracted")
            #expect(Int(status.st_mode) & 0o7777 == file.mode, "\(file.path)")
            #expect(status.st_mtim.tv_sec == file.seconds, "\(file.path)")
            #expect(status.st_mtim.tv_nsec == file.microseconds * 1000, "\(file.path)")
        }
    }

    /// `ls -l`'s rwx notation of permission bits (no setuid/setgid/sticky in these tests).
    static func permissionString(_ mode: Int) -> String {
        let letters = Array("rwxrwxrwx")
        return String((0..<9).map { mode & (0o400 >> $0) != 0 ? letters[$0] : "-" })
    }
}
