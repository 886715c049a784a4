import Foundation
import Logging
import Packaging
import SQLDatabase
import SQLDatabaseSQLite
import WorkQueue

/// The demo's packaging flow (seed 003) on its embedded defaults: generated raw files of one
/// telescope site, SQLite, a local buffer; two packages built at once.
struct DemoPackagingStep {
    let root: String
    /// The SQLite file the queue flows share (so that one `ferry serve --database` shows both).
    let databasePath: String

    /// Generates the raw files (once), then registers, packages and builds; prints the packages.
    func run() async throws -> (built: Int, failed: Int) {
        let raw = root + "/raw", configPath = root + "/sites.yaml"
        try FileManager.default.createDirectory(atPath: root + "/buffer", withIntermediateDirectories: true)
        try generateRawFiles(in: raw)
        try """
        # The demo's site: one SOURCE folder of raw files and one BUFFER that receives the tars.
        sites:
          - name: Demo Observatory
            short_name: demo
            locations:
              - {name: demo-raw, type: SOURCE, storage: disk, path: raw}
              - {name: demo-buffer, type: BUFFER, storage: disk, path: buffer, priority: 10}
        instruments:
          - name: Prime-Cam
            modules: [pc-280, pc-350]
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let database = try SQLiteDatabase(path: databasePath)
        do {
            let result = try await run(database: database, configPath: configPath)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    private func run(database: SQLiteDatabase, configPath: String) async throws -> (built: Int, failed: Int) {
        try await SchemaMigrator.migrate(database, WorkQueueSchema.migrations + PackagingSchema.migrations)
        let configuration = try SiteConfiguration.load(path: configPath)
        _ = try await database.write { try configuration.apply(in: $0) }
        let found = try await RawFileRegistry.scan(location: "demo-raw", layout: try ScanLayout("{obs_unit}/{module}/**"), database: database)
        let registered = try await RawFileRegistry.register(found.entries, location: "demo-raw", database: database, thisHost: thisHostName())
        let pass = try await PackageManager(database: database).runPass()
        let host = thisHostName()
        let options = QueueWorkerOptions(id: makeWorkerID(host: host), host: host, acceptedHosts: nil, concurrency: 2,
                                         leaseMilliseconds: 30_000, pollMilliseconds: 100, untilIdle: true)
        let worker = try await QueueWorker(database: database, handler: PackageBuildHandler(database: database, thisHost: host),
                                           options: options, logger: Logger(label: "ferry.package.worker")).run()
        let status = try await PackagingStatus.read(from: database)
        print("")
        print("Packaging (seed 003): \(registered.registered) raw files registered, \(pass.created.count) packages queued, "
              + "\(worker.completed) built this run" + (worker.completed == 0 && pass.created.isEmpty ? " (already done)" : ""))
        print(PackagingStatusTable.render(status).split(separator: "\n").filter { !$0.hasPrefix("worker ") }.joined(separator: "\n"))
        print("Database: sqlite:\(databasePath)   Buffer: \(root)/buffer   "
              + "Status: ferry package status --database sqlite:\(databasePath)")
        return (worker.completed, status.packages.filter { $0.status == "FAILED" }.count)
    }

    /// Three executed obs units of two modules, a few files each, with fixed contents and mtimes so
    /// every run builds byte-identical tars; files already there are kept.
    private func generateRawFiles(in raw: String) throws {
        for unit in 1...3 {
            for module in ["pc-280", "pc-350"] {
                let folder = "\(raw)/obs-\(String(format: "%04d", unit))/\(module)"
                try FileManager.default.createDirectory(atPath: folder + "/scans", withIntermediateDirectories: true)
                for index in 1...4 {
                    let path = "\(folder)/scans/scan-\(index).raw"
                    if FileManager.default.fileExists(atPath: path) { continue }
                    var state = UInt64(unit * 1000 + index) &* 0x9E3779B97F4A7C15 &+ UInt64(module.utf8.count)
                    var bytes = [UInt8](repeating: 0, count: 256 * 1024 * index)
                    for offset in stride(from: 0, to: bytes.count, by: 8) {
                        state = state &* 6364136223846793005 &+ 1442695040888963407
                        withUnsafeBytes(of: state.littleEndian) { word in
                            for byte in 0..<min(8, bytes.count - offset) { bytes[offset + byte] = word[byte] }
                        }
                    }
                    try Data(bytes).write(to: URL(fileURLWithPath: path))
                    var times = [timespec(tv_sec: 1_756_684_800 + unit * 3600 + index, tv_nsec: 0),
                                 timespec(tv_sec: 1_756_684_800 + unit * 3600 + index, tv_nsec: 0)]
                    utimensat(AT_FDCWD, path, &times, 0)
                }
            }
        }
    }
}
