import DatabaseTestSupport
import FerryTestSupport
import Foundation
import Testing

/// `ferry package` from init to verify, as processes, on SQLite and on PostgreSQL; the tars are
/// read back by GNU tar and Python's tarfile.
@Suite struct PackageFlowTests {
    static let longName = "ou-001/pc-280/" + String(repeating: "deep-folder/", count: 12) + "scan-with-a-rather-long-name-0001.dat"

    func populate(_ fixture: PackagingFixture) throws {
        try fixture.writeRawFile("ou-001/pc-280/a.dat", size: 300_000, mode: 0o640, mtime: 1_700_000_000)
        try fixture.writeRawFile("ou-001/pc-280/b.dat", size: 0, mtime: 1_700_000_100)
        try fixture.writeRawFile(Self.longName, size: 70_001, mode: 0o755, mtime: 1_700_000_200)
        try fixture.writeRawFile("ou-001/pc-350/ångström-spectrum.dat", size: 5_000, mtime: 1_700_000_300)
        try fixture.writeRawFile("ou-002/pc-280/c.dat", size: 12_345, mtime: 1_700_000_400)
        try fixture.writeRawFile("README.txt", size: 10)  // not in the layout: skipped
    }

    @Test(arguments: TestBackend.allCases)
    func packagesAreWholeTarsThatOtherToolsReadBack(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try populate(fixture)
            try await fixture.prepare()
            let again = try await fixture.succeed(["init", "--config", fixture.directory.path("sites.yaml")])
            #expect(again.stdoutText.contains("0 rows changed"), "init is idempotent: \(again.stdoutText)")
            let registered = try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            #expect(registered.stdoutText.contains("5 files registered"), "\(registered.stdoutText)")
            #expect(registered.stdoutText.contains("1 not matching"), "\(registered.stdoutText)")
            let twice = try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            #expect(twice.stdoutText.contains("0 files registered, 5 already registered"), "\(twice.stdoutText)")
            let managed = try await fixture.succeed(["manager", "--once"])
            #expect(managed.stdoutText.components(separatedBy: "queued ").count - 1 == 3, "\(managed.stdoutText)")
            try await fixture.succeed(["worker", "--until-idle", "--concurrency", "2", "--poll-interval", "0.1"])

            let status = try await fixture.status()
            #expect(status.packages.count == 3)
            #expect(status.unpackaged_files == 0)
            for package in status.packages {
                #expect(package.status == "COMPLETED" && package.state == "WAITING" && package.attempts == 1, "\(package.name)")
                #expect(package.location == "buffer-a")
                let tar = fixture.buffer + "/" + (package.path ?? "?")
                // The recorded checksum is sha256sum's of the whole tar.
                let sum = try await ProcessOutput.run("/usr/bin/sha256sum", [tar])
                #expect(sum.stdoutText.split(separator: " ").first.map(String.init) == package.sha256, "\(package.name)")
                // GNU tar lists exactly the package's files and extracts them byte for byte, modes and mtimes kept.
                let listing = try await ProcessOutput.run("/usr/bin/tar", ["-tf", tar])
                #expect(listing.stdoutText.split(separator: "\n").map(String.init) == package.files, "\(package.name)")
                let extracted = try TemporaryDirectory()
                let untar = try await ProcessOutput.run("/usr/bin/tar", ["-xpf", tar, "-C", extracted.url.path])
                #expect(untar.status == 0, "\(untar.stderrText)")
                for file in package.files {
                    let original = fixture.source + "/" + file, copy = extracted.path(file)
                    #expect(FileManager.default.contents(atPath: copy) == FileManager.default.contents(atPath: original), "\(file)")
                    let a = try FileManager.default.attributesOfItem(atPath: original), b = try FileManager.default.attributesOfItem(atPath: copy)
                    #expect(a[.posixPermissions] as? Int == b[.posixPermissions] as? Int, "mode of \(file)")
                    #expect((a[.modificationDate] as? Date).map { Int($0.timeIntervalSince1970) } == (b[.modificationDate] as? Date).map { Int($0.timeIntervalSince1970) }, "mtime of \(file)")
                }
                // Python's tarfile agrees on names and contents.
                let python = try await PythonPeer.run("""
                    import hashlib, sys, tarfile
                    with tarfile.open(sys.argv[1]) as archive:
                        for member in archive.getmembers():
                            data = archive.extractfile(member).read()
                            print(member.name, len(data), oct(member.mode), member.mtime, hashlib.sha256(data).hexdigest())
                    """, arguments: [tar])
                let pythonNames = python.stdoutText.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
                #expect(pythonNames == package.files, "\(package.name)")
                let verified = try await fixture.succeed(["verify", package.name])
                #expect(verified.stdoutText.contains("\(package.files.count) members match"))
            }
            let long = try #require(status.packages.first { $0.files.contains(Self.longName) })
            #expect(long.files == ["ou-001/pc-280/a.dat", "ou-001/pc-280/b.dat", Self.longName])

            // A tar changed in the buffer fails verification, naming what differs.
            let victim = try #require(status.packages.first { $0.obs_unit == "ou-002" })
            let handle = try #require(FileHandle(forUpdatingAtPath: fixture.buffer + "/" + (victim.path ?? "")))
            try handle.seek(toOffset: 1024)
            try handle.write(contentsOf: Data("corrupted".utf8))
            try handle.close()
            let broken = try await fixture.run(["verify", victim.name])
            #expect(broken.status == 1)
            #expect(broken.stdoutText.contains("sha256"), "\(broken.stdoutText)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func packagesAreSplitBySizeAndEveryFileIsInExactlyOne(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            for index in 0..<10 { try fixture.writeRawFile("ou-9/chai-lfa/part-\(index).dat", size: 40_000) }
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once", "--max-package-size", "100000"])
            // A second pass finds nothing new.
            let second = try await fixture.succeed(["manager", "--once"])
            #expect(!second.stdoutText.contains("queued"))
            // One package built by hand, by name; once built it is not waiting any more.
            let byHand = try await fixture.succeed(["build", "ccat_ou-9_chai-lfa_0001"])
            #expect(byHand.stdoutText.contains("built"))
            #expect(try await fixture.status().packages.first { $0.name == "ccat_ou-9_chai-lfa_0001" }?.status == "COMPLETED")
            #expect(try await fixture.run(["build", "ccat_ou-9_chai-lfa_0001"]).status == 2)
            try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.1"])
            let status = try await fixture.status()
            #expect(status.packages.count == 5, "two 40 kB files fit under 100 kB")
            let files = status.packages.flatMap(\.files)
            #expect(files.count == 10 && Set(files).count == 10)
            #expect(status.packages.allSatisfy { $0.status == "COMPLETED" && ($0.size ?? 0) <= 100_000 + 10_240 })
        }
    }
}
