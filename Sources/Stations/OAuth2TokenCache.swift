import AsyncHTTPClient
import Foundation
import HTTPRetry
import JSONValue
import NIOCore
import NIOHTTP1

/// The bearer token of an OAuth2 password grant, fetched once, shared by every request of a client
/// and refreshed shortly before it expires or when the station refuses it.
actor OAuth2TokenCache {
    private let tokenURL: String
    private let form: String
    private let httpClient: HTTPClient
    private let retryPolicy: RetryPolicy
    /// Refresh this long before the token's stated expiry, so a request never leaves with a dying token.
    private let refreshMargin: Duration = .seconds(30)
    private var current: (value: String, refreshAt: ContinuousClock.Instant)?
    /// A fetch in flight: concurrent requests wait for it instead of each asking for a token.
    private var fetching: Task<(String, ContinuousClock.Instant), any Error>?

    init(tokenURL: String, username: String, password: String, clientID: String, clientSecret: String?,
         httpClient: HTTPClient, retryPolicy: RetryPolicy) {
        self.tokenURL = tokenURL
        var fields = [("grant_type", "password"), ("username", username), ("password", password), ("client_id", clientID)]
        if let clientSecret { fields.append(("client_secret", clientSecret)) }
        form = fields.map { "\($0.0)=\(StationURL.encodeQueryValue($0.1))" }.joined(separator: "&")
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
    }

    /// A token valid now (fetched when there is none or it is about to expire).
    func token() async throws -> String {
        if let current, ContinuousClock.now < current.refreshAt { return current.value }
        if let fetching { return try await fetching.value.0 }
        let task = Task { [tokenURL, form, httpClient, retryPolicy, refreshMargin] in
            try await Self.fetch(tokenURL: tokenURL, form: form, httpClient: httpClient, retryPolicy: retryPolicy, margin: refreshMargin)
        }
        fetching = task
        defer { fetching = nil }
        let fetched = try await task.value
        current = (fetched.0, fetched.1)
        return fetched.0
    }

    /// Forgets `token` (the station refused it), so the next ``token()`` fetches a new one.
    func invalidate(_ token: String) {
        if current?.value == token { current = nil }
    }

    private static func fetch(tokenURL: String, form: String, httpClient: HTTPClient, retryPolicy: RetryPolicy,
                              margin: Duration) async throws -> (String, ContinuousClock.Instant) {
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: tokenURL)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "Accept-Encoding", value: "identity")
            request.body = .bytes(ByteBuffer(string: form))
            var classification = RetryClassification.transportFailure
            var retryAfter: Duration?
            var failure = StationError.transport("token endpoint \(StationURL.printable(tokenURL)): no answer")
            do {
                let response = try await httpClient.execute(request, deadline: .now() + .nanoseconds(retryPolicy.requestTimeoutNanoseconds))
                let status = Int(response.status.code)
                let body = try await response.body.collect(upTo: 1 << 20)
                classification = RetryClassification(status: status)
                if classification == .success {
                    let json = try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
                    guard let token = json?["access_token"]?.stringValue, !token.isEmpty else {
                        throw StationError.malformedAnswer("the token endpoint's answer has no access_token")
                    }
                    let lifetime = Duration.seconds(json?["expires_in"]?.integerValue ?? 300)
                    return (token, ContinuousClock.now + max(.zero, lifetime - margin))
                }
                // The body of a refused grant may echo the form; it is never kept.
                if status == 400 || status == 401 || status == 403 {
                    throw StationError.unauthorized("the token endpoint \(StationURL.printable(tokenURL)) answered HTTP \(status)")
                }
                retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.delay($0, now: Date().timeIntervalSince1970) }
                failure = .http(status: status, url: StationURL.printable(tokenURL), body: "")
            } catch let error as StationError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                classification = .transportFailure   // the answer never came whole
                failure = .transport("token endpoint \(StationURL.printable(tokenURL)): \(StationClient.describe(error))")
            }
            guard case let .retry(wait) = retryPolicy.decide(classification, afterAttempt: attempt, retryAfter: retryAfter) else {
                throw failure
            }
            try await Task.sleep(for: wait)
        }
    }
}
