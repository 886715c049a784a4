public import AsyncHTTPClient
import Catalog
import Foundation
import FerryErrors
import ObjectStore
import Synchronization
public import Logging
public import SQLDatabase
public import Stations
public import WorkQueue

/// Runs `stage.file` tasks: streams the station's bytes straight into the store (no copy on
/// disk, memory bounded by the store's part buffers), checks size and checksum, publishes the
/// item, and records the result in the transaction that completes the task.
public struct StageFileHandler: TaskHandler {
    public let kinds = [StageFileTask.kind]
    public let httpClient: HTTPClient
    public let stationAuth: StationAuth
    public let logger: Logger
    /// One client per station, reused by every task: its OAuth2 token is fetched once, not per file.
    private let stations = StationClients()

    public init(httpClient: HTTPClient, stationAuth: StationAuth, logger: Logger) {
        self.httpClient = httpClient
        self.stationAuth = stationAuth
        self.logger = logger
    }

    public func perform(_ task: ClaimedTask) async throws -> TaskRecording {
        let payload: StageFileTask
        do {
            payload = try StageFileTask(json: task.payload)
        } catch {
            throw TaskFailure("task \(task.id): unreadable payload (\(error))", retryable: false)
        }
        let file = payload.file
        let kind: StationKind
        do {
            kind = try StationKind(name: payload.station)
        } catch {
            throw TaskFailure("\(file.name): \(error)", retryable: false)
        }
        let station = stations.client(kind: kind, baseURL: payload.stationURL, auth: stationAuth, httpClient: httpClient)
        let store = try payload.destination.makeStore(httpClient: httpClient)
        let key = payload.destination.key(for: file.name)
        let href = payload.destination.href(for: file.name)
        let (size, md5): (Int64, String)
        do {
            (size, md5) = try await station.download(file) { download in
                if let expected = ExpectedContent(size: file.size, md5: file.md5) {
                    // The listing gives size and MD5: the store checks the bytes against them (S3
                    // on its side, through Content-MD5), so they are not hashed here.
                    _ = try await store.put(stream: download, key: key, contentType: "application/octet-stream", expecting: expected)
                    return (expected.size, expected.md5)
                }
                let verified = VerifiedDownload(base: download, name: file.name, expectedSize: file.size, expectedMD5: file.md5)
                _ = try await store.put(stream: verified, key: key, contentType: "application/octet-stream")
                return (verified.tally.size, verified.tally.md5 ?? "")
            }
        } catch let error as ContentMismatch {
            throw TaskFailure("\(file.name): the bytes received are not the station's: \(error.detail)")
        } catch let error as StationError {
            throw TaskFailure("\(file.name): download: \(error)", retryable: Self.isRetryable(error))
        } catch let error as StagingError {
            throw TaskFailure("\(error)")
        } catch let error as ObjectStoreError where error.code == .authentication {
            // A refused credential stays refused: retrying each file would only delay the report.
            throw TaskFailure("\(file.name): store: \(error)", retryable: false)
        }
        let catalog = try makeCatalog(payload.catalog, httpClient: httpClient)
        let outcome: PublishOutcome
        do {
            try await catalog.ensureCollection(STACCollectionSpec(
                id: payload.collection, description: "Files staged by Ferry from \(kind.rawValue) stations", owner: payload.owner))
            let item = StagedItem.make(file: file, collection: payload.collection, owner: payload.owner, href: href, size: size, md5: md5)
            outcome = try await catalog.publish(item)
        } catch let error as CatalogError {
            if case .conflict = error { throw TaskFailure("\(file.name): publish: \(error)", retryable: false) }
            throw TaskFailure("\(file.name): publish: \(error)")
        }
        let publication = outcome == .created ? "created" : "already present"
        return TaskRecording(summary: "\(file.name): \(size) bytes to \(href), item \(publication)") { connection in
            try connection.execute("""
                INSERT INTO stage_items (collection, name, href, size, md5, publication, task_id, staged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, {now})
                ON CONFLICT (collection, name) DO UPDATE SET href = excluded.href, size = excluded.size, md5 = excluded.md5,
                    publication = excluded.publication, task_id = excluded.task_id, staged_at = excluded.staged_at
                """, [.text(payload.collection), .text(file.name), .text(href), .integer(size), .text(md5),
                      .text(publication), .integer(task.id)])
        }
    }

    /// Answers that another attempt cannot change (a file the station does not have, a refused
    /// login) fail at once; the rest are retried with backoff.
    static func isRetryable(_ error: StationError) -> Bool {
        switch error {
        case .unknownStation, .configuration, .unauthorized: return false
        case .http(let status, _, _): return status >= 500 || status == 408 || status == 429
        default: return true
        }
    }

    // A file's status is its task's: nothing of staging's own to update.
    public func recordFailure(of task: ClaimedTask, error: String, disposition: FailureDisposition,
                              in connection: any SQLConnection) throws {}

    public func recordRescue(_ task: RescuedTask, in connection: any SQLConnection) throws {}
}

/// The station clients of one handler, by station kind and address.
final class StationClients: Sendable {
    private let clients = Mutex<[String: StationClient]>([:])

    func client(kind: StationKind, baseURL: String, auth: StationAuth, httpClient: HTTPClient) -> StationClient {
        clients.withLock { clients in
            let key = kind.rawValue + " " + baseURL
            if let known = clients[key] { return known }
            let made = StationClient(kind: kind, baseURL: baseURL, auth: auth, httpClient: httpClient)
            clients[key] = made
            return made
        }
    }
}
