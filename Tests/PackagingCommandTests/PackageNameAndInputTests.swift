import DatabaseTestSupport
import FerryTestSupport
import Foundation
import Testing

/// Names and inputs an outsider's data brings: obs units that share a safe form, file names that
/// are the same text in two Unicode forms, manifests written by hand, status read by scripts.
@Suite struct PackageNameAndInputTests {
    /// `ou_1` and `ou-1` (and `α1`, `β1`) used to get one package name: the second INSERT broke the
    /// name's uniqueness and rolled back every site's pass, for ever.
    @Test(arguments: TestBackend.allCases)
    func obsUnitsWithTheSameSafeFormGetDistinctPackages(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            for unit in ["ou_1", "ou-1", "α1", "β1"] { try fixture.writeRawFile("\(unit)/pc-280/a.dat", size: 100) }
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05"])
            let status = try await fixture.status()
            #expect(status.packages.count == 4 && Set(status.packages.map(\.name)).count == 4, "\(status.packages.map(\.name))")
            #expect(Set(status.packages.map(\.obs_unit)) == ["ou_1", "ou-1", "α1", "β1"])
            #expect(status.packages.allSatisfy { $0.status == "COMPLETED" })
            #expect(status.packages.contains { $0.name == "ccat_ou-1_pc-280_0001" }, "a name that needed no change keeps its form")
            #expect(status.unpackaged_files == 0)
        }
    }

    /// `é` as one code point and as `e` plus a combining accent are one Swift string but two files:
    /// the worker trapped on them (a dictionary keyed by String), after committing the tar.
    @Test(arguments: TestBackend.allCases)
    func fileNamesInTwoUnicodeFormsAreTwoMembers(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            let composed = "ou-1/pc-280/\u{E9}.dat", decomposed = "ou-1/pc-280/e\u{301}.dat"
            try fixture.writeRawFile(composed, size: 300)
            try fixture.writeRawFile("ou-1/pc-280/f.dat", size: 200)
            try fixture.writeRawFile(decomposed, size: 100)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05"])
            let package = try #require(try await fixture.status().packages.first)
            #expect(package.status == "COMPLETED", "\(package.error ?? "")")
            #expect(package.files.count == 3)
            let tar = fixture.buffer + "/" + (package.path ?? "")
            let listing = try await ProcessOutput.run("/usr/bin/env", ["python3", "-c", """
                import sys, tarfile
                with tarfile.open(sys.argv[1]) as t:
                    for m in t.getmembers(): print(m.name.encode('utf-8', 'surrogateescape').hex(), m.size)
                """, tar])
            #expect(listing.status == 0, "\(listing.stderrText)")
            let members = Set(listing.stdoutText.split(separator: "\n").map(String.init))
            #expect(members.contains(Data(composed.utf8).map { String(format: "%02x", $0) }.joined() + " 300"))
            #expect(members.contains(Data(decomposed.utf8).map { String(format: "%02x", $0) }.joined() + " 100"))
            try await fixture.succeed(["verify", package.name])
        }
    }

    /// Scripts read `p["error"]`: every documented key is in every package, null when unknown.
    @Test func statusJSONHasEveryKeyOfEveryPackage() async throws {
        try await TestBackend.sqlite.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/a.dat", size: 10)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let pending = try await fixture.run(["status", "--json"])
            let document = try #require(try JSONSerialization.jsonObject(with: pending.stdout) as? [String: Any])
            let packages = try #require(document["packages"] as? [[String: Any]])
            let keys: Set = ["name", "site", "obs_unit", "module", "status", "state", "files", "size", "sha256", "location", "path",
                             "attempts", "error"]
            #expect(packages.count == 1 && Set(packages[0].keys).isSuperset(of: keys), "\(packages)")
            #expect(packages[0]["error"] is NSNull && packages[0]["sha256"] is NSNull)
            #expect(document["workers"] is [Any])
        }
    }

    /// The check used to run after the tar had its final name: a FAILED package left a whole tar behind.
    @Test(arguments: TestBackend.allCases)
    func aFileThatDiffersFromItsRegisteredChecksumLeavesNoTar(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-3/pc-280/a.dat", size: 1000)
            try await fixture.prepare()
            let manifest = fixture.directory.path("files.jsonl")
            try """
            {"path": "ou-3/pc-280/a.dat", "obs_unit": "ou-3", "module": "pc-280", "sha256": "\(String(repeating: "ab", count: 32))"}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            try await fixture.succeed(["register", "--location", "telescope", "--manifest", manifest])
            try await fixture.succeed(["manager", "--once"])
            let worker = try await fixture.run(["worker", "--until-idle", "--poll-interval", "0.05", "--retry-delay", "0.05"])
            #expect(worker.status == 1, "\(worker.stderrText)")
            let package = try #require(try await fixture.status().packages.first)
            #expect(package.status == "FAILED" && package.attempts == 1, "a checksum mismatch is not retried")
            #expect(package.error?.contains("registered with abab") == true, "\(package.error ?? "")")
            let left = (try? FileManager.default.subpathsOfDirectory(atPath: fixture.buffer)) ?? []
            #expect(!left.contains { $0.hasSuffix(".tar") }, "no tar under its final name: \(left)")
        }
    }

    @Test func siteFilesSpelledAsPeopleWriteThemAreAccepted() async throws {
        try await TestBackend.sqlite.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            let config = fixture.directory.path("sites-spelled.yaml")
            try """
            sites:
              - name: Spelled
                short_name: sp
                locations:
                  - {name: sp-raw, type: source, storage: Disk, path: raw}
                  - {name: sp-buffer, type: Buffer, storage: DISK, path: buf}
                  - {name: sp-remote, type: SOURCE, storage: disk, path: "telescope.example:/data/inst"}
                  - {name: sp-s3, type: BUFFER, storage: S3, bucket: sp-bucket, active: false}
            instruments:
              - name: Prime-Cam
                modules: [pc-280]
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let applied = try await fixture.run(["init", "--config", config])
            #expect(applied.status == 0, "\(applied.stderrText)")
            let again = try await fixture.run(["init", "--config", config])
            #expect(again.status == 0 && again.stdoutText.contains("; 0 rows changed"), "applying twice changes nothing: \(again.stdoutText)")
            let database = String(url.dropFirst("sqlite:".count))
            let rows = try await ProcessOutput.run("/usr/bin/env", ["python3", "-c", """
                import sqlite3, sys
                for row in sqlite3.connect(sys.argv[1]).execute("SELECT name, type, storage, host, path FROM pkg_locations ORDER BY name"):
                    print("|".join("" if v is None else str(v) for v in row))
                """, database])
            #expect(rows.stdoutText.contains("sp-remote|SOURCE|disk|telescope.example|/data/inst"), "\(rows.stdoutText)")
            #expect(rows.stdoutText.contains("sp-s3|BUFFER|s3|"), "\(rows.stdoutText)")

            try """
            sites:
              - {name: Twice, short_name: t1, locations: []}
              - {name: Twice, short_name: t2, locations: []}
            instruments: []
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let twice = try await fixture.run(["init", "--config", config])
            #expect(twice.status == 2 && twice.stderrText.contains("site name Twice is used twice"), "\(twice.stderrText)")
            try "sites: [{name: X, short_name: x, locations: [{name: x, type: SOURCE, storage: tape, path: x}]}]\ninstruments: []\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let tape = try await fixture.run(["init", "--config", config])
            #expect(tape.status == 2 && tape.stderrText.contains("storage") && tape.stderrText.contains("tape"), "\(tape.stderrText)")
        }
    }

    @Test func manifestPathsAreNormalisedAndFoldersWrongSizesAndConflictsRefused() async throws {
        try await TestBackend.sqlite.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/a.dat", size: 10)
            try fixture.writeRawFile("ou-1/pc-280/b.dat", size: 20)
            try await fixture.prepare()
            let manifest = fixture.directory.path("files.jsonl")
            try """
            {"path": "./ou-1/pc-280/a.dat", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "ou-1/pc-280", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "ou-1/pc-280/b.dat", "obs_unit": "ou-1", "module": "pc-280", "size": 999}
            {"path": "ou-1//pc-280/a.dat", "obs_unit": "ou-2", "module": "pc-280"}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let refused = try await fixture.run(["register", "--location", "telescope", "--manifest", manifest])
            #expect(refused.status == 2)
            #expect(refused.stderrText.contains("files.jsonl:4:") && refused.stderrText.contains("line 1"), "\(refused.stderrText)")
            try """
            {"path": "./ou-1/pc-280/a.dat", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "ou-1/pc-280", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "ou-1/pc-280/b.dat", "obs_unit": "ou-1", "module": "pc-280", "size": 999}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let onDisk = try await fixture.run(["register", "--location", "telescope", "--manifest", manifest])
            #expect(onDisk.status == 2)
            #expect(onDisk.stderrText.contains("files.jsonl:2:") && onDisk.stderrText.contains("not a regular file"), "\(onDisk.stderrText)")
            #expect(onDisk.stderrText.contains("files.jsonl:3:") && onDisk.stderrText.contains("size 999"), "\(onDisk.stderrText)")
            #expect(!onDisk.stderrText.contains("files.jsonl:1:"), "./ is how find prints paths: \(onDisk.stderrText)")
            try """
            {"path": "./ou-1/pc-280/a.dat", "obs_unit": "ou-1", "module": "pc-280"}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            try await fixture.succeed(["register", "--location", "telescope", "--manifest", manifest])
            try await fixture.succeed(["manager", "--once"])
            #expect(try await fixture.status().packages.first?.files == ["ou-1/pc-280/a.dat"])
        }
    }

    /// Verification failures are 1 (something differs); 2 is left for configuration.
    @Test func verifyOfAPackageWithoutItsTarFails() async throws {
        try await TestBackend.sqlite.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/a.dat", size: 10)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let name = try #require(try await fixture.status().packages.first?.name)
            let unbuilt = try await fixture.run(["verify", name])
            #expect(unbuilt.status == 1 && unbuilt.stdoutText.contains("not built"), "\(unbuilt.stdoutText) \(unbuilt.stderrText)")
            try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05"])
            try await fixture.succeed(["verify", name])
            let path = try #require(try await fixture.status().packages.first?.path)
            try FileManager.default.removeItem(atPath: fixture.buffer + "/" + path)
            let missing = try await fixture.run(["verify", name])
            #expect(missing.status == 1 && missing.stdoutText.contains("No such file"), "\(missing.stdoutText) \(missing.stderrText)")
            #expect(try await fixture.run(["verify", "no-such-package"]).status == 2)
        }
    }

    /// A URL that does not parse is repeated in the error, but never its password.
    @Test(arguments: ["postgres:/ferry:HiddenPw7@127.0.0.1/db", "postgres//ferry:HiddenPw7@127.0.0.1/db",
                      "postgres:ferry:HiddenPw7@127.0.0.1/db", "postgres://ferry:HiddenPw7", "postgresql://ferry:HiddenPw7@/db"])
    func aMalformedDatabaseURLIsRefusedWithoutItsPassword(url: String) async throws {
        let output = try await PackagingFixture(databaseURL: url).run(["status"])
        #expect(output.status == 2, "\(output.stderrText)")
        #expect(output.stderrText.contains("invalid database URL"), "\(output.stderrText)")
        #expect(!output.stderrText.contains("HiddenPw7") && !output.stdoutText.contains("HiddenPw7"), "\(output.stderrText)")
    }
}
