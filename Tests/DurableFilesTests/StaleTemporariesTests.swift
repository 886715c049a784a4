import DurableFiles
import FerryTestSupport
import Foundation
import Testing

/// What a writer killed with SIGKILL leaves is removed by the next cleaner; what a live writer
/// is still writing is not.
@Suite struct StaleTemporariesTests {
    let directory: TemporaryDirectory
    let probe = BuiltProducts.path("durable-files-probe")
    init() throws { directory = try TemporaryDirectory() }

    /// Starts a probe writing `bytes` to `name` and returns it with its temporary's path.
    func startWriter(_ name: String, bytes: Int = 100_000) async throws -> (ChildProcess, String) {
        let ready = directory.path("\(name).ready")
        let child = try ChildProcess(probe, ["write", directory.path("data/" + name), ready, "\(bytes)"],
                                     outputPrefix: directory.path(name))
        #expect(try await ChildProcess.eventually { FileManager.default.fileExists(atPath: ready) }, "\(child.stderrText)")
        return (child, try String(contentsOfFile: ready, encoding: .utf8))
    }

    @Test func aKilledWritersTemporaryIsRemovedAndALiveOnesIsKept() async throws {
        let (killed, killedTemporary) = try await startWriter("day1.cdf")
        let (live, liveTemporary) = try await startWriter("day2.cdf")
        killed.kill()
        _ = await killed.wait()
        #expect(FileManager.default.fileExists(atPath: killedTemporary), "SIGKILL leaves the temporary behind")

        let removed = StaleTemporaries.remove(in: directory.path("data"))
        #expect(removed == [(killedTemporary as NSString).lastPathComponent])
        #expect(!FileManager.default.fileExists(atPath: killedTemporary))
        #expect(FileManager.default.fileExists(atPath: liveTemporary), "a live writer's temporary stays")
        live.kill()
        _ = await live.wait()
    }

    @Test func onlyTheNamedDestinationsAreCleaned() async throws {
        let (first, firstTemporary) = try await startWriter("REACH-ALL_20250901T000000_20250902T000000.csv")
        let (second, secondTemporary) = try await startWriter("REACH-ALL_20250902T000000_20250903T000000.csv")
        for child in [first, second] { child.kill(); _ = await child.wait() }
        let removed = StaleTemporaries.remove(in: directory.path("data"), finalNamePrefix: "REACH-ALL_20250902T000000_")
        #expect(removed.count == 1)
        #expect(FileManager.default.fileExists(atPath: firstTemporary))
        #expect(!FileManager.default.fileExists(atPath: secondTemporary))
    }

    @Test func spoolFoldersOfDeadRunsGoWithTheirFiles() throws {
        // A spool named for a process id that cannot be running (beyond pid_max).
        let spool = directory.path(".day.csv.4194399.abc123.spool")
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: spool + "/window.json"))
        let mine = directory.path(TemporaryName(for: "day.csv", kind: .spool).fileName)
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try Data("plain data".utf8).write(to: URL(fileURLWithPath: directory.path("day.csv")))

        #expect(StaleTemporaries.remove(in: directory.url.path) == [".day.csv.4194399.abc123.spool"])
        #expect(!FileManager.default.fileExists(atPath: spool))
        #expect(FileManager.default.fileExists(atPath: mine), "this process's own spool is live")
        #expect(FileManager.default.fileExists(atPath: directory.path("day.csv")), "data is never touched")
    }

    @Test(arguments: [
        (".day.csv.123.k9z.tmp", "day.csv", Int32(123), TemporaryName.Kind.file),
        (".reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf.77.a1.tmp", "reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf", 77, .file),
        (".REACH-ALL_x.csv.9.b.spool", "REACH-ALL_x.csv", 9, .spool),
    ])
    func temporaryNamesAreRecognised(name: String, finalName: String, pid: Int32, kind: TemporaryName.Kind) throws {
        let parsed = try #require(TemporaryName(parsing: name))
        #expect(parsed.finalName == finalName && parsed.pid == pid && parsed.kind == kind)
    }

    @Test(arguments: ["day.csv", ".day.csv", ".day.csv.partial", ".day.csv.12.tmp", ".day.csv.x.y.tmp", "..1.a.tmp",
                      ".day.csv.-1.a.tmp", ".day.csv.1..tmp", ".download_telemetry.csv.locks"])
    func otherNamesAreNotTemporaries(name: String) {
        #expect(TemporaryName(parsing: name) == nil)
    }

    @Test func aNewNameParsesBackToItself() throws {
        let name = TemporaryName(for: "reach_all_l1c.cdf")
        #expect(TemporaryName(parsing: name.fileName) == name)
        #expect(TemporaryName(for: "a.cdf").fileName != TemporaryName(for: "a.cdf").fileName)
    }
}
