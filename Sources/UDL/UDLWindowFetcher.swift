import AsyncHTTPClient
import Foundation
import HTTPRetry
import Logging
import NIOCore
import NIOHTTP1
import UDLRecordFormat

/// Fetches one window's answer from the UDL: paced by the shared controller, retried with
/// backoff, validated as complete JSON, split when it hits the result cap, spooled to disk.
struct UDLWindowFetcher: Sendable {
    let client: HTTPClient
    let query: UDLQuery
    let credential: UDLCredential
    let controller: AIMDRateController
    let retry: RetryPolicy
    let logger: Logger
    /// Where every request's outcome is counted, when the caller wants them.
    var counter: UDLRequestCounter?
    /// Bodies larger than this are refused (a 5-minute ALL window at full density is about 4 MB).
    var maxBodyBytes = 1 << 30

    /// One window's validated answer on disk.
    struct SpooledWindow: Sendable {
        let window: UDLWindow
        let path: String
        let records: Int
        /// Top-level member names in first-seen order.
        let keys: [String]
    }

    /// Fetches `window` into `spool`, splitting it into halves while an answer holds `maxResults` records.
    func fetch(_ window: UDLWindow, into spool: DaySpool) async throws -> [SpooledWindow] {
        let (body, records, keys) = try await validatedAnswer(for: window)
        if let cap = query.maxResults, records >= cap {
            guard let (first, second) = window.halves else { throw UDLDownloadError.unsplittable(window: window.obTimeParameter) }
            logger.debug("answer hit the cap of \(cap) records: splitting", metadata: ["obTime": "\(window.obTimeParameter)"])
            return try await fetch(first, into: spool) + fetch(second, into: spool)
        }
        guard records > 0 else { return [SpooledWindow(window: window, path: "", records: 0, keys: [])] }
        let path = try spool.write(body, for: window)
        return [SpooledWindow(window: window, path: path, records: records, keys: keys)]
    }

    /// The answer for `window`, retried until it arrives whole or the policy gives up.
    private func validatedAnswer(for window: UDLWindow) async throws -> (ByteBuffer, Int, [String]) {
        let url = query.url(for: window)
        var attempt = 0
        var lastFailure = ""
        while true {
            attempt += 1
            let sentAt = try await controller.acquire()
            var retryAfter: Duration?
            var status: Int?
            let classification: RetryClassification
            switch await send(url) {
            case let .answer(body):
                do {
                    let (records, keys) = try Self.inspect(body)
                    await controller.recordSuccess()
                    return (body, records, keys)
                } catch {
                    lastFailure = "\(error)"   // a truncated or malformed body is never partial data
                    classification = .serverError   // retried, but not a congestion signal
                }
            case let .failed(failure, answered, reason, after):
                if failure == .congestion { await controller.recordCongestion(sentAt: sentAt) }
                classification = failure
                status = answered
                lastFailure = reason
                retryAfter = after
            }
            let wait: Duration
            switch retry.decide(classification, afterAttempt: attempt, retryAfter: retryAfter) {
            case let .retry(after): wait = after
            case .notRetryable where classification == .unauthorized:
                throw UDLDownloadError.unauthorized(url: query.baseURL)
            case .succeeded, .notRetryable:
                throw UDLDownloadError.refused(status: status ?? 0, window: window.obTimeParameter, message: lastFailure)
            case .attemptsExhausted:
                if let status { throw UDLDownloadError.http(status: status, window: window.obTimeParameter, attempts: attempt) }
                throw UDLDownloadError.transport(window: window.obTimeParameter, attempts: attempt, reason: lastFailure)
            }
            logger.debug("retrying in \(wait)", metadata: ["obTime": "\(window.obTimeParameter)", "after": "\(lastFailure)"])
            try await Task.sleep(for: wait)
        }
    }

    /// What one request came to.
    enum Outcome {
        case answer(ByteBuffer)
        /// No usable answer: how the shared policy classes it, the status if one came, what happened,
        /// and the server's Retry-After.
        case failed(RetryClassification, status: Int?, String, retryAfter: Duration?)
    }

    private func send(_ url: String) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: credential.authorization)
        request.headers.add(name: "Accept", value: "application/json")
        let deadline = NIODeadline.now() + .nanoseconds(retry.requestTimeoutNanoseconds)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch {
            counter?.record("transport")
            return .failed(.transportFailure, status: nil, Self.describe(error), retryAfter: nil)
        }
        let status = Int(response.status.code)
        counter?.record(String(status))
        let classification = RetryClassification(status: status)
        guard classification != .success else {
            do {
                return .answer(try await response.body.collect(upTo: maxBodyBytes))
            } catch {
                return .failed(.transportFailure, status: nil, "the answer broke off: \(Self.describe(error))", retryAfter: nil)
            }
        }
        let body = (try? await response.body.collect(upTo: 1 << 16)).map { String(buffer: $0) } ?? ""
        let retryAfter = response.headers.first(name: "Retry-After").flatMap { RetryAfter.delay($0, now: Date().timeIntervalSince1970) }
        let reason = classification == .refused ? String(body.prefix(300)) : "HTTP \(status)"
        // A 429 is a congestion signal, not a failed answer: exhausting retries on it is a transport failure.
        return .failed(classification, status: classification == .congestion ? nil : status, reason, retryAfter: retryAfter)
    }

    /// Counts the records of a complete answer and names their members; throws when it is not whole JSON.
    static func inspect(_ body: ByteBuffer) throws -> (Int, [String]) {
        var count = 0
        var keys = KeyUnion()
        try body.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            try JSONRecordScanner.scanRecords(bytes) { _, members in
                count += 1
                keys.add(members, in: bytes)
            }
        }
        return (count, keys.names)
    }

    private static func describe(_ error: any Error) -> String {
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

/// Member names in first-seen order, cheap when consecutive records share their layout (they do).
struct KeyUnion {
    private(set) var names: [String] = []
    private var known: Set<String> = []
    private var lastLayout: [[UInt8]] = []

    mutating func add(_ members: [JSONRecordScanner.Member], in bytes: UnsafeBufferPointer<UInt8>) {
        if members.count == lastLayout.count,
           zip(members, lastLayout).allSatisfy({ bytes[$0.key].elementsEqual($1) }) { return }
        lastLayout = members.map { Array(bytes[$0.key]) }
        for member in members {
            var name: [UInt8] = []
            JSONRecordScanner.unescape(bytes, member.key, into: &name)
            let text = String(decoding: name, as: UTF8.self)
            if known.insert(text).inserted { names.append(text) }
        }
    }

    mutating func merge(_ other: [String]) {
        for name in other where known.insert(name).inserted { names.append(name) }
    }
}
