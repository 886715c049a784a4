public import AsyncHTTPClient
public import Foundation
public import HTTPRetry
import JSONValue
import NIOCore
import NIOHTTP1

/// A client of one station's OData interface: searches files published in a window and streams
/// them. Retries 5xx, 429 and transport failures with its policy; refuses at once on 401/403
/// (after a few token refreshes for OAuth2: a token may expire early).
public struct StationClient: Sendable {
    public let kind: StationKind
    /// The OData service root, without a trailing slash.
    public let baseURL: String
    let auth: StationAuth
    let httpClient: HTTPClient
    let retryPolicy: RetryPolicy
    let tokens: OAuth2TokenCache?
    /// Stations never return more than this many entities a page.
    static let pageLimit = 1000

    /// A client of the station at `baseURL` (its OData service root).
    public init(kind: StationKind, baseURL: String, auth: StationAuth, httpClient: HTTPClient,
                retryPolicy: RetryPolicy = .stationDefault) {
        self.kind = kind
        self.baseURL = StationURL.trimmed(baseURL)
        self.auth = auth
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
        if case let .oauth2(tokenURL, username, password, clientID, clientSecret) = auth {
            tokens = OAuth2TokenCache(tokenURL: tokenURL, username: username, password: password, clientID: clientID,
                                      clientSecret: clientSecret, httpClient: httpClient, retryPolicy: retryPolicy)
        } else {
            tokens = nil
        }
    }

    /// Every file published in [`start`, `stop`) in publication order, at most `limit` of them:
    /// `/Products` on AUXIP, `/Files` on CADIP stations, paged 1000 at a time.
    public func search(start: Date, stop: Date, limit: Int?) async throws -> [StationFile] {
        try await pages(entitySet: kind.entitySet, start: start, stop: stop, limit: limit, expand: nil) {
            try StationFile(odata: $0, kind: kind)
        }
    }

    /// The CADIP sessions published in [`start`, `stop`), each with its files (`/Sessions?$expand=Files`).
    public func sessions(start: Date, stop: Date, limit: Int?) async throws -> [StationSession] {
        guard kind.servesChunks else { throw StationError.configuration("\(kind.rawValue) has no sessions; only CADIP stations do") }
        return try await pages(entitySet: "Sessions", start: start, stop: stop, limit: limit, expand: "Files") {
            try StationSession(odata: $0, kind: kind)
        }
    }

    /// Pages through a collection: `$top`/`$skip` as the reference describes, following the
    /// station's `@odata.nextLink` instead when it gives one (OData's way of saying a page was cut
    /// short), and without `@odata.count` going on until a page brings nothing new.
    private func pages<Entity>(entitySet: String, start: Date, stop: Date, limit: Int?, expand: String?,
                               _ decode: (JSONValue) throws -> Entity) async throws -> [Entity] {
        if let limit, limit <= 0 { return [] }
        let filter = "PublicationDate ge \(ODataDate.string(start)) and PublicationDate lt \(ODataDate.string(stop))"
        var found: [Entity] = []
        var seenIDs = Set<String>()
        var nextLink: String?
        while true {
            let url: String
            let top = min(Self.pageLimit, limit.map { $0 - found.count } ?? Self.pageLimit)
            if let nextLink {
                url = nextLink
            } else {
                var query = [("$filter", filter), ("$orderby", "PublicationDate asc"), ("$top", "\(top)"), ("$skip", "\(found.count)"),
                             ("$count", "true")]
                if let expand { query.append(("$expand", expand)) }
                url = "\(baseURL)/\(entitySet)?" + query.map { "\($0.0)=\(StationURL.encodeQueryValue($0.1))" }.joined(separator: "&")
            }
            let body = try await answer(url)
            guard let json = try? body.withUnsafeReadableBytes({ try JSONReader.value($0) }),
                  let values = json["value"]?.arrayValue else {
                throw StationError.malformedAnswer("\(StationURL.printable(url)) did not answer an OData collection")
            }
            var fresh = 0
            for value in values {
                // An entity seen before (a station that ignores $skip, or reorders between pages) is not added twice.
                if let id = value["Id"].flatMap(Self.identity) {
                    guard seenIDs.insert(id).inserted else { continue }
                }
                found.append(try decode(value))
                fresh += 1
            }
            if let limit, found.count >= limit { return Array(found.prefix(limit)) }
            if let link = json["@odata.nextLink"]?.stringValue {
                guard fresh > 0, let resolved = StationURL.resolve(link, against: url) else { return found }
                nextLink = resolved
                continue
            }
            // A station that pages by links ends its answer with a page without one.
            if nextLink != nil || values.isEmpty || fresh == 0 { return found }
            // A station may cap its pages below $top: with a count, a short page is not the end;
            // without one, only an empty page is.
            if let total = json["@odata.count"]?.integerValue, Int64(found.count) >= total { return found }
        }
    }

    private static func identity(_ value: JSONValue) -> String? {
        value.stringValue ?? value.integerValue.map(String.init)
    }

    /// The whole 2xx body of a GET of `url`, after retries.
    private func answer(_ url: String) async throws -> ByteBuffer {
        try await withAcceptedResponse(url, client: httpClient) { response, url in
            do {
                return try await response.body.collect(upTo: 256 << 20)
            } catch {
                throw StationError.transport("the answer from \(StationURL.printable(url)) broke off: \(Self.describe(error))")
            }
        }
    }

    /// Sends GET `url` until a 2xx answer arrives (retrying what the policy retries, following
    /// redirects, refreshing a refused OAuth2 token once) and hands that answer to `read`.
    func withAcceptedResponse<T>(_ url: String, client: HTTPClient,
                                 _ read: (HTTPClientResponse, String) async throws -> T) async throws -> T {
        var currentURL = url
        var attempt = 0
        var redirects = 0
        var tokenRefreshes = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: currentURL)
            request.headers.add(name: "Accept", value: "application/json")
            // The station's bytes as listed (size and MD5 are of those): a decompressing client
            // would otherwise ask for gzip and refuse a compressible file beyond its ratio limit.
            request.headers.add(name: "Accept-Encoding", value: "identity")
            let sentToken = try await addCredential(to: &request.headers, for: currentURL)
            let classification: RetryClassification
            let failure: StationError
            var retryAfter: Duration?
            let sent: HTTPClientResponse?
            var transportFailure = ""
            do {
                sent = try await client.execute(request, deadline: .now() + .nanoseconds(retryPolicy.requestTimeoutNanoseconds))
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                sent = nil
                transportFailure = Self.describe(error)
            }
            if let response = sent {
                let status = Int(response.status.code)
                // Outside any catch: what `read` throws (the caller's own errors too) is never retried here.
                if (200..<300).contains(status) { return try await read(response, currentURL) }
                let body = (try? await response.body.collect(upTo: 1 << 16)).map { String(buffer: $0) } ?? ""
                if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") {
                    guard redirects < 5, let next = StationURL.resolve(location, against: currentURL) else {
                        throw StationError.http(status: status, url: StationURL.printable(currentURL), fullBody: "too many or unusable redirects")
                    }
                    redirects += 1
                    attempt -= 1   // a redirect is a step of one attempt, not a failure
                    currentURL = next
                    continue
                }
                // The token may have expired early. Requests share one token, so while this one
                // waited another may already have worn out the replacement: a few new ones, then the answer stands.
                if status == 401, let sentToken, let tokens, tokenRefreshes < 5 {
                    tokenRefreshes += 1
                    await tokens.invalidate(sentToken)
                    attempt -= 1
                    continue
                }
                classification = RetryClassification(status: status)
                if classification == .unauthorized {
                    throw StationError.unauthorized("\(StationURL.printable(currentURL)) answered HTTP \(status)")
                }
                retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.delay($0, now: Date().timeIntervalSince1970) }
                failure = .http(status: status, url: StationURL.printable(currentURL), fullBody: body)
            } else {
                classification = .transportFailure
                failure = .transport("\(StationURL.printable(currentURL)): \(transportFailure)")
            }
            guard case let .retry(wait) = retryPolicy.decide(classification, afterAttempt: attempt, retryAfter: retryAfter) else {
                throw failure
            }
            try await Task.sleep(for: wait)
        }
    }

    /// Adds the station's credential when `url` is on the station's own origin (never elsewhere,
    /// e.g. a storage host a download redirects to); returns the bearer token sent, if any.
    private func addCredential(to headers: inout HTTPHeaders, for url: String) async throws -> String? {
        guard let origin = StationURL.origin(url), origin == StationURL.origin(baseURL) else { return nil }
        switch auth {
        case .none:
            return nil
        case let .apiKey(header, value):
            headers.add(name: header, value: value)
            return nil
        case .oauth2:
            guard let tokens else { return nil }
            let token = try await tokens.token()
            headers.add(name: "Authorization", value: "Bearer \(token)")
            return token
        }
    }

    /// A failure's short description (AsyncHTTPClient's errors are terse enums).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}
