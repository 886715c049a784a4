public import AsyncHTTPClient
import Catalog
import Foundation
public import Logging
public import SQLDatabase
public import Stations
public import WorkQueue

/// `ferry stage`: the seed's `staging_flow` on the work queue. Search the station, drop what the
/// catalog already has, queue one task per file, stage them with the run's own workers (and any
/// `ferry stage worker` elsewhere), and wait until every file is DONE or FAILED.
public struct StagingFlow: Sendable {
    public let database: any SQLDatabase
    public let httpClient: HTTPClient
    public let stationAuth: StationAuth
    public let host: String
    public let logger: Logger
    /// First wait before a failed file's next attempt (doubles each attempt).
    public var retryBackoff = RetryBackoff(baseMilliseconds: 2_000, capMilliseconds: 60_000)
    /// How long a worker's claim on a file lasts without renewal.
    public var leaseMilliseconds: Int64 = 30_000

    public init(database: any SQLDatabase, httpClient: HTTPClient, stationAuth: StationAuth, host: String, logger: Logger) {
        self.database = database
        self.httpClient = httpClient
        self.stationAuth = stationAuth
        self.host = host
        self.logger = logger
    }

    public func run(_ request: StagingRequest) async throws -> StagingReport {
        let collection = request.ownerCollection
        let catalog = try makeCatalog(request.catalog, httpClient: httpClient)
        let station = StationClient(kind: request.station, baseURL: request.stationURL, auth: stationAuth, httpClient: httpClient)
        let found: [StationFile]
        do {
            found = try await station.search(start: request.start, stop: request.stop, limit: request.limit)
        } catch let error as StationError {
            if case .unauthorized = error { throw StagingError.configuration("\(request.station.rawValue) station: \(error)") }
            if case .configuration = error { throw StagingError.configuration("\(request.station.rawValue) station: \(error)") }
            throw StagingError.search("\(request.station.rawValue) station \(request.stationURL): \(error)")
        }
        var warnings: [String] = []
        if found.isEmpty {
            let warning = "the \(request.station.rawValue) station listed no file published in [\(STACDateText.format(request.start)), \(STACDateText.format(request.stop)))"
            logger.warning("\(warning)")
            return StagingReport(collection: collection, found: 0, alreadyPublished: 0, lists: 0, files: [], warnings: [warning])
        }
        var seen = Set<String>()
        var refused: [StagingReport.File] = []
        let files = found.filter { file in
            guard seen.insert(file.name).inserted else { return false }
            if let problem = CatalogID.problem(with: file.name) {
                let message = "refused before anything was written: the station's name \"\(file.name)\" cannot be a key or an item id (it \(problem))"
                logger.error("\(message)")
                refused.append(StagingReport.File(id: file.name, status: "FAILED", href: nil, size: nil, error: message))
                return false
            }
            return true
        }
        // The database clock before the catalog is asked: a file some other run finished after this
        // instant may be missing from the answer only because it was published meanwhile.
        let searchedAt = try await database.read { try $0.scalar("SELECT {now}")?.integer ?? 0 }
        var published: Set<String> = []
        var catalogAnswered = true
        do {
            published = try await catalog.publishedIDs(collection: collection, owner: request.owner, among: files.map(\.name))
        } catch {
            catalogAnswered = false
            let warning = "could not ask \(catalog.description) which files are published (\(error)); staging all \(files.count), none will be published twice"
            logger.warning("\(warning)")
            warnings.append(warning)
        }
        let toStage = files.filter { !published.contains($0.name) }
        let lists = WorkerLists.split(toStage, workers: request.maxWorkers)
        logger.info("\(found.count) files found, \(published.count) already published, \(toStage.count) to stage in \(lists.count) lists")
        if request.dryRun || toStage.isEmpty {
            let planned = toStage.map {
                StagingReport.File(id: $0.name, status: "PLANNED", href: request.destination.href(for: $0.name), size: $0.size, error: nil)
            }
            return StagingReport(collection: collection, found: found.count, alreadyPublished: published.count,
                                 lists: lists.count, files: refused + planned, warnings: warnings)
        }
        let runID = try await queue(lists, request, found: found.count, alreadyPublished: published.count,
                                    requeueFinishedBefore: catalogAnswered ? searchedAt : nil)
        let taskIDs = try await database.read { connection in
            try connection.query("SELECT task_id FROM stage_run_files WHERE run_id = ?", [.integer(runID)]).map { try $0.int64("task_id") }
        }
        try await stage(taskIDs, request, slots: lists.count)
        return StagingReport(collection: collection, found: found.count, alreadyPublished: published.count, lists: lists.count,
                             files: refused + (try await StagingStatus.files(ofRun: runID, in: database)), warnings: warnings)
    }

    /// Records the run and queues a task per file, in one transaction. A file another run queued
    /// already keeps its task (two runs of one window stage it once); a finished one is queued
    /// again only when it failed, or when the catalog, asked after it finished, does not have it.
    private func queue(_ lists: [[StationFile]], _ request: StagingRequest, found: Int, alreadyPublished: Int,
                       requeueFinishedBefore searchedAt: Int64?) async throws -> Int64 {
        let payloads = try lists.enumerated().flatMap { index, list in
            try list.map { file in
                let payload = StageFileTask(station: request.station.rawValue, stationURL: request.stationURL, file: file,
                                            destination: request.destination, catalog: request.catalog,
                                            collection: request.ownerCollection, owner: request.owner)
                return (index: index, task: payload, json: try payload.json())
            }
        }
        return try await database.write { connection in
            let runID = try connection.query("""
                INSERT INTO stage_runs (station, station_url, collection, owner, window_start, window_stop, destination, catalog,
                                        found, already_published, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {now}) RETURNING id
                """, [.text(request.station.rawValue), .text(request.stationURL), .text(request.ownerCollection), .text(request.owner),
                      .text(STACDateText.format(request.start)), .text(STACDateText.format(request.stop)),
                      .text(request.destination.description), .text(request.catalog), .int(found), .int(alreadyPublished)])[0].int64("id")
            for entry in payloads {
                var taskID = try WorkQueue.enqueue(NewTask(kind: StageFileTask.kind, payload: entry.json, uniqueKey: entry.task.uniqueKey),
                                                   in: connection)
                if taskID == nil, let existing = try WorkQueue.task(uniqueKey: entry.task.uniqueKey, in: connection) {
                    taskID = existing.id
                    let stale = existing.status == .completed && searchedAt.map { (existing.finishedAt ?? 0) < $0 } == true
                    if existing.status == .failed || stale {
                        _ = try WorkQueue.requeue(taskID: existing.id, payload: entry.json, in: connection)
                    }
                }
                guard let taskID else { throw StagingError.configuration("\(entry.task.file.name): its task vanished while queueing") }
                try connection.execute("INSERT INTO stage_run_files (run_id, name, list_index, task_id) VALUES (?, ?, ?, ?)",
                                       [.integer(runID), .text(entry.task.file.name), .int(entry.index), .integer(taskID)])
            }
            return runID
        }
    }

    /// Runs `slots` local workers (unless the request says otherwise) while polling the run's tasks
    /// every poll interval; a file still unfinished `fileTimeout` after its first attempt began is
    /// given up as FAILED, so none stays IN_PROGRESS.
    private func stage(_ taskIDs: [Int64], _ request: StagingRequest, slots: Int) async throws {
        let handler = StageFileHandler(httpClient: httpClient, stationAuth: stationAuth, logger: logger)
        let options = QueueWorkerOptions(
            id: makeWorkerID(host: host), host: host, acceptedHosts: nil, concurrency: max(slots, 1),
            leaseMilliseconds: leaseMilliseconds, pollMilliseconds: max(Int64(request.pollInterval / .milliseconds(1)) / 4, 50),
            backoff: retryBackoff)
        let worker = QueueWorker(database: database, handler: handler, options: options, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            if request.runsLocalWorkers {
                group.addTask { _ = try await worker.run() }
            }
            try await poll(taskIDs, request)
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    private func poll(_ taskIDs: [Int64], _ request: StagingRequest) async throws {
        var running: [Int64: ContinuousClock.Instant] = [:]
        var lastDone = -1
        while true {
            let states = try await database.read { try WorkQueue.states(of: taskIDs, in: $0) }
            let unfinished = states.values.filter { $0.status != .completed && $0.status != .failed }
            let done = states.count - unfinished.count
            if done != lastDone {
                logger.info("\(done) of \(taskIDs.count) files finished")
                lastDone = done
            }
            if unfinished.isEmpty { return }
            let now = ContinuousClock.now
            for state in unfinished where state.attempts > 0 || state.status == .inProgress {
                let since = running[state.id] ?? now
                running[state.id] = since
                if now - since > request.fileTimeout {
                    let seconds = Int(request.fileTimeout / .seconds(1))
                    let message = "not staged within \(seconds) s of its first attempt" + (state.lastError.map { " (last error: \($0))" } ?? "")
                    if try await database.write({ try WorkQueue.abandon(taskID: state.id, error: message, in: $0) }) {
                        logger.error("task \(state.id): \(message)")
                    }
                }
            }
            try await Task.sleep(for: request.pollInterval)
        }
    }
}
