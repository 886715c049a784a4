import DatabaseTestSupport
import FerryTestSupport
import Foundation
import Testing

/// A database that goes away mid-run, and a source file that grows while it is packed.
@Suite(.serialized) struct PackageResilienceTests {
    /// A TCP proxy in Python between the workers and PostgreSQL, killed to cut the database off.
    static let proxy = """
        import asyncio, sys
        listen, target = int(sys.argv[1]), int(sys.argv[2])
        async def pipe(reader, writer):
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except Exception:
                pass
            finally:
                writer.close()
        async def handle(client_reader, client_writer):
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
            await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
        async def main():
            server = await asyncio.start_server(handle, "127.0.0.1", listen, reuse_address=True)
            print("listening", flush=True)
            async with server:
                await server.serve_forever()
        asyncio.run(main())
        """

    @Test func aWorkerWaitsOutALostDatabaseAndMarksNothingDoneThatIsNot() async throws {
        try await TestPostgres.withFreshDatabase { directURL in
            var components = try #require(URLComponents(string: directURL))
            let serverPort = try #require(components.port)
            let proxyPort = try FreePort.find()
            components.port = proxyPort
            let fixture = try PackagingFixture(databaseURL: try #require(components.string))
            let script = fixture.directory.path("proxy.py")
            try Self.proxy.write(toFile: script, atomically: true, encoding: .utf8)
            func startProxy(_ name: String) async throws -> ChildProcess {
                let child = try ChildProcess(try PythonPeer.interpreter(), [script, "\(proxyPort)", "\(serverPort)"],
                                             outputPrefix: fixture.directory.path(name))
                #expect(try await ChildProcess.eventually(timeout: .seconds(20)) { child.stdoutText.contains("listening") })
                return child
            }
            var proxy = try await startProxy("proxy-1")
            for unit in 0..<30 { try fixture.writeRawFile("ou-\(unit)/pc-280/data.dat", size: 3_000_000) }
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let worker = try fixture.startWorker(["--until-idle", "--poll-interval", "0.05", "--lease", "60"], name: "worker")
            // Cut the database off once the worker is under way, for three seconds.
            #expect(try await ChildProcess.eventually(timeout: .seconds(60)) {
                ((try? FileManager.default.contentsOfDirectory(atPath: fixture.buffer + "/ccat")) ?? []).count >= 3
            })
            proxy.kill(SIGKILL)
            _ = await proxy.wait()
            // The database stays away until the worker has noticed (on a loaded machine its next
            // query can be seconds away), then comes back.
            #expect(try await ChildProcess.eventually(timeout: .seconds(90)) { worker.stderrText.contains("unreachable") },
                    "the worker saw the database go: \(worker.stderrText.suffix(2000))")
            proxy = try await startProxy("proxy-2")
            let code = await worker.wait()
            proxy.kill(SIGKILL)
            _ = await proxy.wait()
            #expect(code == 0, "\(worker.stderrText)")
            #expect(worker.stderrText.contains("unreachable"), "the worker saw the database go: \(worker.stderrText.suffix(2000))")
            let direct = try PackagingFixture(databaseURL: directURL)
            let status = try await direct.status()
            #expect(status.packages.count == 30)
            for package in status.packages {
                #expect(package.status == "COMPLETED", "\(package.name)")
                let sum = try await ProcessOutput.run("/usr/bin/sha256sum", [fixture.buffer + "/" + (package.path ?? "")])
                #expect(sum.stdoutText.hasPrefix(package.sha256 ?? "-"), "\(package.name) is really done")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aFileGrowingWhileItIsPackedFailsNamingIt(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            let growing = try fixture.writeRawFile("ou-1/pc-280/growing.dat", size: 200_000_000)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let appender = fixture.directory.path("append.py")
            try """
                import sys, time
                while True:
                    with open(sys.argv[1], "ab") as f:
                        f.write(b"x" * 4096)
                    time.sleep(0.005)
                """.write(toFile: appender, atomically: true, encoding: .utf8)
            let writer = try ChildProcess(try PythonPeer.interpreter(), [appender, growing], outputPrefix: fixture.directory.path("appender"))
            let worker = try await fixture.run(["worker", "--until-idle", "--poll-interval", "0.05", "--retry-delay", "0.05"])
            writer.kill(SIGKILL)
            _ = await writer.wait()
            #expect(worker.status == 1)
            let package = try #require(try await fixture.status().packages.first)
            #expect(package.status == "FAILED")
            #expect(package.error?.contains("ou-1/pc-280/growing.dat") == true && package.error?.contains("chang") == true,
                    "\(package.error ?? "")")
            #expect(!FileManager.default.fileExists(atPath: fixture.buffer + "/ccat/\(package.name).tar"))
        }
    }
}
