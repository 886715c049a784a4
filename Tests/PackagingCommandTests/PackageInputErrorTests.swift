import DatabaseTestSupport
import FerryTestSupport
import Foundation
import Testing

/// Bad input and configuration: clear errors naming the line, path or site; nothing half-done.
@Suite struct PackageInputErrorTests {
    @Test(arguments: TestBackend.allCases)
    func aManifestWithBadLinesIsRefusedWholeNamingEachLine(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/good.dat", size: 10)
            symlink("/etc/hostname", fixture.source + "/ou-1/pc-280/escape.dat")
            try await fixture.prepare()
            let manifest = fixture.directory.path("files.jsonl")
            try """
            {"path": "ou-1/pc-280/good.dat", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "../outside.dat", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "/etc/passwd", "obs_unit": "ou-1", "module": "pc-280"}
            {"path": "ou-1/pc-280/good.dat", "module": "pc-280"}
            not json
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let refused = try await fixture.run(["register", "--location", "telescope", "--manifest", manifest])
            #expect(refused.status == 2)
            for line in 2...5 { #expect(refused.stderrText.contains("files.jsonl:\(line):"), "line \(line): \(refused.stderrText)") }
            #expect(!refused.stderrText.contains("files.jsonl:1:"))

            try """
            {"path": "ou-1/pc-280/good.dat", "obs_unit": "ou-1", "module": "pc-280", "size": 10}
            {"path": "ou-1/pc-280/escape.dat", "obs_unit": "ou-1", "module": "pc-280"}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let escaping = try await fixture.run(["register", "--location", "telescope", "--manifest", manifest])
            #expect(escaping.status == 2)
            #expect(escaping.stderrText.contains("files.jsonl:2:") && escaping.stderrText.contains("outside"), "\(escaping.stderrText)")
            let status = try await fixture.status()
            #expect(status.unpackaged_files == 0, "nothing registered from a refused manifest")

            try """
            {"path": "ou-1/pc-280/good.dat", "obs_unit": "ou-1", "module": "pc-999"}
            """.write(toFile: manifest, atomically: true, encoding: .utf8)
            let unknownModule = try await fixture.run(["register", "--location", "telescope", "--manifest", manifest])
            #expect(unknownModule.status == 2 && unknownModule.stderrText.contains("pc-999"), "\(unknownModule.stderrText)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aSiteWithoutAnActiveBufferIsNamedAndTheOthersGoOn(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let other = """
              - name: Remote Outpost
                short_name: outpost
                locations:
                  - {name: outpost-raw, type: SOURCE, storage: disk, path: outpost}
                  - {name: outpost-buffer, type: BUFFER, storage: disk, path: outpost-buffer, active: false}
            """
            let fixture = try PackagingFixture(databaseURL: url, extraSites: other)
            try fixture.writeRawFile("ou-1/pc-280/x.dat", size: 100)
            try FileManager.default.createDirectory(atPath: fixture.directory.path("outpost/ou-7/pc-350"), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: fixture.directory.path("outpost/ou-7/pc-350/y.dat"), contents: Data("y".utf8))
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["register", "--location", "outpost-raw", "--scan"])
            let pass = try await fixture.run(["manager", "--once"])
            #expect(pass.status == 2)
            #expect(pass.stderrText.contains("Remote Outpost") && pass.stderrText.contains("no active BUFFER"), "\(pass.stderrText)")
            #expect(pass.stdoutText.contains("queued ccat_ou-1_pc-280_0001"), "the other site was packaged: \(pass.stdoutText)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aMissingFileFailsAfterItsRetriesNamingThePathAndRetryRecovers(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/present.dat", size: 1000)
            let doomed = try fixture.writeRawFile("ou-1/pc-280/vanishing.dat", size: 1000)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            try FileManager.default.removeItem(atPath: doomed)
            let worker = try await fixture.run(["worker", "--until-idle", "--poll-interval", "0.05", "--retry-delay", "0.05"])
            #expect(worker.status == 1, "a package failed for good: \(worker.stderrText)")
            let status = try await fixture.status()
            let package = try #require(status.packages.first)
            #expect(package.status == "FAILED" && package.state == "FAILED")
            #expect(package.attempts == 4, "first attempt and the seed's 3 retries")
            #expect(package.error?.contains("ou-1/pc-280/vanishing.dat") == true, "\(package.error ?? "")")
            #expect(try await fixture.run(["status"]).status == 1)
            #expect(!FileManager.default.fileExists(atPath: fixture.buffer + "/ccat/" + package.name + ".tar"))
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: fixture.buffer + "/ccat")) ?? []
            #expect(leftovers.isEmpty, "no temporary left: \(leftovers)")

            try fixture.writeRawFile("ou-1/pc-280/vanishing.dat", size: 1000)
            try await fixture.succeed(["retry", package.name])
            try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05"])
            let after = try await fixture.status()
            #expect(after.packages.first?.status == "COMPLETED")
            try await fixture.succeed(["verify", package.name])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anUnwritableBufferFailsOverToTheNext(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url, buffers: [(name: "primary", path: "blocked/buffer", priority: 10),
                                                                         (name: "secondary", path: "buffer", priority: 1)])
            // A file where the primary's folder should be: no process, root included, can write there.
            FileManager.default.createFile(atPath: fixture.directory.path("blocked"), contents: Data())
            try fixture.writeRawFile("ou-1/pc-280/x.dat", size: 2000)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let worker = try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05", "-v"])
            #expect(worker.stderrText.contains("in secondary (after buffer primary:"), "the failover is told: \(worker.stderrText)")
            let package = try #require(try await fixture.status().packages.first)
            #expect(package.status == "COMPLETED" && package.location == "secondary")
            #expect(FileManager.default.fileExists(atPath: fixture.buffer + "/" + (package.path ?? "")))
        }
    }

    @Test func anUnreachableDatabaseIsAConfigurationErrorWithoutThePassword() async throws {
        let fixture = try PackagingFixture(databaseURL: "postgres://ferry:s3cr3t-pw@127.0.0.1:\(try FreePort.find())/nowhere")
        let output = try await fixture.run(["status"])
        #expect(output.status == 2)
        #expect(output.stderrText.contains("unreachable"), "\(output.stderrText)")
        #expect(!output.stderrText.contains("s3cr3t-pw") && !output.stdoutText.contains("s3cr3t-pw"))
        var components = try #require(URLComponents(string: try TestPostgres.serverURL()))
        components.password = "wrong-pw-123"
        let denied = try await PackagingFixture(databaseURL: try #require(components.string)).run(["status"])
        #expect(denied.status == 2, "\(denied.stderrText)")
        #expect(!denied.stderrText.contains("wrong-pw-123"), "\(denied.stderrText)")
    }

    /// libpq's sslmode is honoured, not dropped: a server without TLS refuses `require` (the
    /// connection was plaintext whatever the URL said); other libpq parameters are accepted.
    @Test func sslmodeIsHonouredAndOtherURLParametersAccepted() async throws {
        try await TestBackend.postgres.withEmptyDatabaseURL { server in
            let separator = server.contains("?") ? "&" : "?"
            let plain = try await PackagingFixture(databaseURL: server + separator + "sslmode=disable&application_name=ferry-test").run(["status"])
            #expect(plain.status == 0, "\(plain.stderrText)")
            let preferred = try await PackagingFixture(databaseURL: server + separator + "sslmode=prefer").run(["status"])
            #expect(preferred.status == 0, "prefer falls back to plaintext as libpq does: \(preferred.stderrText)")
            for mode in ["require", "verify-full"] {
                let refused = try await PackagingFixture(databaseURL: server + separator + "sslmode=" + mode).run(["status"])
                #expect(refused.status == 2 && refused.stderrText.contains("offers no TLS"), "\(mode): \(refused.stderrText)")
            }
            let unknown = try await PackagingFixture(databaseURL: server + separator + "sslmode=sometimes").run(["status"])
            #expect(unknown.status == 2 && unknown.stderrText.contains("sslmode sometimes"), "\(unknown.stderrText)")
        }
    }

    /// Before the bound, `ferry` waited for ever on the startup handshake (the time limit turns that into a failure).
    @Test(.timeLimit(.minutes(1)))
    func aDatabaseThatAcceptsAndNeverAnswersIsUnreachableAfterItsConnectBound() async throws {
        try await SilentListener.withRunning { port in
            let fixture = try PackagingFixture(databaseURL: "postgres://ferry:s3cr3t-pw@127.0.0.1:\(port)/hung")
            let output = try await fixture.run(["status"])
            #expect(output.status == 2, "\(output.stderrText)")
            #expect(output.stderrText.contains("unreachable") && output.stderrText.contains("no answer within 10 s"), "\(output.stderrText)")
            #expect(!output.stderrText.contains("s3cr3t-pw"))
        }
    }

    /// Root reads every file, so the worker runs as `nobody` (setpriv) to meet a file it may not read.
    @Test(arguments: TestBackend.allCases)
    func anUnreadableFileFailsTheAttemptNamingIt(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/readable.dat", size: 100)
            let secret = try fixture.writeRawFile("ou-1/pc-280/secret.dat", size: 100, mode: 0o600)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            // Everything but the secret file is open to the unprivileged worker.
            let opened = try await ProcessOutput.run("/bin/chmod", ["-R", "a+rwX", fixture.directory.url.path])
            #expect(opened.status == 0)
            if url.hasPrefix("sqlite:") {
                let folder = (String(url.dropFirst("sqlite:".count)) as NSString).deletingLastPathComponent
                #expect(try await ProcessOutput.run("/bin/chmod", ["-R", "a+rwX", folder]).status == 0)
            }
            chmod(secret, 0o600)
            var arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", fixture.ferry, "package", "worker", "--until-idle",
                             "--poll-interval", "0.05", "--retry-delay", "0.05", "--database", url]
            if getuid() != 0 { arguments = Array(arguments.dropFirst(3)) }  // already unprivileged
            let worker = try await ProcessOutput.run(getuid() == 0 ? "/usr/bin/setpriv" : fixture.ferry,
                                                     getuid() == 0 ? arguments : Array(arguments.dropFirst()),
                                                     environment: ["PATH": "/usr/bin:/bin", "HOME": "/tmp"])
            #expect(worker.status == 1, "\(worker.stderrText)")
            let package = try #require(try await fixture.status().packages.first)
            #expect(package.status == "FAILED")
            #expect(package.error?.contains("ou-1/pc-280/secret.dat") == true && package.error?.lowercased().contains("permission") == true,
                    "\(package.error ?? "")")
        }
    }
}
