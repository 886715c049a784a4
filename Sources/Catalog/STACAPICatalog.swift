public import AsyncHTTPClient
import Foundation
public import HTTPRetry
import JSONValue
import NIOCore
import NIOHTTP1

/// A STAC API with the Transactions and Filter extensions (stac-fastapi-pgstac, rs-server's catalog).
///
/// Creation answers of 409 are checked, never trusted: a collection that exists is fine, an item
/// that exists is fetched and compared. Transport failures and 5xx answers are retried with backoff.
public struct STACAPICatalog: Catalog {
    public let baseURL: String
    public let httpClient: HTTPClient
    /// Sent with every request (e.g. an API key or a bearer token); never logged or put in errors.
    public let headers: [(String, String)]
    /// Items asked for per search page.
    public var searchPageLimit = 100
    /// Ids per search request: a CQL2 `in` list of thousands makes a request too large for some servers.
    public var idsPerSearch = 500
    public var retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(250), maxDelay: .seconds(5), requestTimeout: .seconds(60))

    /// The STAC API at `baseURL` (its landing page; `/collections` and `/search` are below it).
    public init(baseURL: String, httpClient: HTTPClient, headers: [(String, String)] = []) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.httpClient = httpClient
        self.headers = headers
    }

    public var description: String { "the STAC API at \(Self.withoutCredentials(baseURL))" }

    public func ensureCollection(_ spec: STACCollectionSpec) async throws {
        try CatalogID.validate(spec.id, kind: "collection")
        let url = baseURL + "/collections/" + StaticCatalogLayout.hrefSegment(spec.id)
        let existing = try await send(.GET, url)
        switch existing.status {
        case 200: return
        case 404: break
        default: throw existing.error(url: url)
        }
        let created = try await send(.POST, baseURL + "/collections", body: STACDocuments.collection(spec, links: []))
        switch created.status {
        case 200, 201, 409: return   // 409: another process created it meanwhile
        default: throw created.error(url: baseURL + "/collections")
        }
    }

    public func publish(_ item: STACItem) async throws -> PublishOutcome {
        try CatalogID.validate(item.collection, kind: "collection")
        try CatalogID.validate(item.id, kind: "item")
        let collectionURL = baseURL + "/collections/" + StaticCatalogLayout.hrefSegment(item.collection)
        let answer = try await send(.POST, collectionURL + "/items", body: item)
        switch answer.status {
        case 200, 201:
            return .created
        case 409:
            let itemURL = collectionURL + "/items/" + StaticCatalogLayout.hrefSegment(item.id)
            let current = try await send(.GET, itemURL)
            guard current.status == 200 else { throw current.error(url: itemURL) }
            let existing: STACItem
            do {
                existing = try JSONDecoder().decode(STACItem.self, from: current.body)
            } catch {
                throw CatalogError.invalidItem("\(itemURL) is not a STAC item: \(error)")
            }
            guard existing.isSamePublication(as: item) else {
                throw CatalogError.differentItem(item, existing: existing, in: Self.withoutCredentials(itemURL))
            }
            return .alreadyPresent
        case 404:
            throw CatalogError.missingCollection(item.collection)
        default:
            throw answer.error(url: collectionURL + "/items")
        }
    }

    public func publishedIDs(collection: String, owner: String, among ids: [String]) async throws -> Set<String> {
        try CatalogID.validate(collection, kind: "collection")
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        var published = Set<String>()
        var start = 0
        while start < unique.count {
            let chunk = Array(unique[start..<min(start + max(1, idsPerSearch), unique.count)])
            start += chunk.count
            let body: JSONValue = [
                "collections": [.string(collection)],
                "filter-lang": "cql2-json",
                "filter": PublishedFilter.cql2(collection: collection, owner: owner, ids: chunk),
                "limit": .integer(Int64(searchPageLimit)),
            ]
            let wanted = Set(chunk)
            for id in try await searchIDs(body) where wanted.contains(id) { published.insert(id) }
        }
        return published
    }

    public func collectionSummaries() async throws -> [CatalogCollectionSummary] {
        var summaries: [CatalogCollectionSummary] = []
        var url: String? = baseURL + "/collections"
        var pages = 0
        while let current = url, pages < 1000 {
            pages += 1
            let page = try await json(current)
            let collections = page["collections"]?.arrayValue ?? []
            for collection in collections {
                guard let id = collection["id"]?.stringValue else { continue }
                summaries.append(CatalogCollectionSummary(id: id, title: collection["title"]?.stringValue, items: try await itemCount(id)))
            }
            url = collections.isEmpty ? nil
                : page["links"]?.arrayValue?.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
        }
        return summaries.sorted { $0.id < $1.id }
    }

    /// How many items the collection holds: the item list's `numberMatched` when the server counts
    /// (pgstac's `context` setting), else counted page by page, up to 100 pages (nil beyond).
    private func itemCount(_ collection: String) async throws -> Int? {
        var url: String? = baseURL + "/collections/" + StaticCatalogLayout.hrefSegment(collection) + "/items?limit=1000"
        var counted = 0
        for _ in 0..<100 {
            guard let current = url else { return counted }
            let page = try await json(current)
            if let matched = page["numberMatched"]?.integerValue { return Int(matched) }
            let features = page["features"]?.arrayValue ?? []
            counted += features.count
            url = features.isEmpty ? nil
                : page["links"]?.arrayValue?.first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
        }
        return url == nil ? counted : nil
    }

    /// GETs `url` and decodes its JSON; any status but 200 is an error.
    private func json(_ url: String) async throws -> JSONValue {
        let answer = try await send(.GET, url)
        guard answer.status == 200 else { throw answer.error(url: url) }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: answer.body)
        } catch {
            throw CatalogError.invalidItem("\(Self.withoutCredentials(url)) answered with no JSON: \(error)")
        }
    }

    /// The ids of every feature the search finds, following `next` links page by page.
    private func searchIDs(_ firstBody: JSONValue) async throws -> [String] {
        var ids: [String] = []
        var request: (method: HTTPMethod, url: String, body: JSONValue?)? = (.POST, baseURL + "/search", firstBody)
        var pages = 0
        while let current = request {
            pages += 1
            // A server whose `next` never ends would otherwise keep this loop going for ever.
            guard pages <= 100_000 else { throw CatalogError.invalidItem("\(current.url): more than 100000 search pages") }
            let answer = try await send(current.method, current.url, body: current.body)
            guard answer.status == 200 else { throw answer.error(url: current.url) }
            let page: JSONValue
            do {
                page = try JSONDecoder().decode(JSONValue.self, from: answer.body)
            } catch {
                throw CatalogError.invalidItem("\(current.url) answered a search with no JSON: \(error)")
            }
            let features = page["features"]?.arrayValue ?? []
            ids += features.compactMap { $0["id"]?.stringValue }
            request = nil
            if !features.isEmpty, let next = page["links"]?.arrayValue?.first(where: { $0["rel"]?.stringValue == "next" }),
               let href = next["href"]?.stringValue {
                let method = next["method"]?.stringValue?.uppercased() == "POST" ? HTTPMethod.POST : .GET
                var body: JSONValue? = nil
                if method == .POST {
                    // The STAC API's paging link: `body` is the next request's, or merged into this one's with `merge`.
                    let given = next["body"]?.objectValue ?? [:]
                    if next["merge"]?.boolValue == true, case .object(var merged)? = current.body {
                        for (key, value) in given { merged[key] = value }
                        body = .object(merged)
                    } else {
                        body = .object(given)
                    }
                }
                request = (method, href, body)
            }
        }
        return ids
    }

    /// An HTTP answer read whole.
    struct Answer {
        let status: Int
        let body: Data

        func error(url: String) -> CatalogError {
            .http(status: status, url: STACAPICatalog.withoutCredentials(url), body: String(decoding: body.prefix(2000), as: UTF8.self))
        }
    }

    /// Sends a request (with a JSON body when given), retrying transport failures and retryable
    /// statuses as the policy says; returns the last answer, whatever its status.
    private func send(_ method: HTTPMethod, _ url: String, body: (any Encodable)? = nil) async throws -> Answer {
        var payload: [UInt8]? = nil
        if let body {
            do {
                payload = Array(try JSONEncoder().encode(body))
            } catch {
                throw CatalogError.invalidItem("cannot encode the request to \(Self.withoutCredentials(url)): \(error)")
            }
        }
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Accept", value: "application/json, application/geo+json")
            // Uncompressed: search pages of near-identical items compress far beyond the ratio a
            // decompressing HTTPClient accepts (HTTPClient.shared refuses them as a "bomb").
            request.headers.add(name: "Accept-Encoding", value: "identity")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let payload {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: payload))
            }
            let classification: RetryClassification
            var retryAfter: Duration? = nil
            let failure: CatalogError
            do {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(retry.requestTimeoutNanoseconds))
                let collected = try await response.body.collect(upTo: 64 * 1024 * 1024)
                let answer = Answer(status: Int(response.status.code), body: Data(collected.readableBytesView))
                classification = RetryClassification(status: answer.status)
                if classification == .success || !classification.isRetryable { return answer }
                if let header = response.headers.first(name: "Retry-After") {
                    retryAfter = RetryAfter.delay(header, now: Date().timeIntervalSince1970)
                }
                failure = answer.error(url: url)
                if attempt >= retry.maxAttempts { return answer }
            } catch {
                if error is CancellationError { throw error }
                classification = RetryClassification.transportFailure
                failure = .transport("\(method.rawValue) \(Self.withoutCredentials(url)): \(String(reflecting: error))")
            }
            switch retry.decide(classification, afterAttempt: attempt, retryAfter: retryAfter) {
            case .retry(let delay): try await Task.sleep(for: delay)
            default: throw failure
            }
        }
    }

    /// `url` without a `user:password@` part, for messages.
    static func withoutCredentials(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
    }
}
