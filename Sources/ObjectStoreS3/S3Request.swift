import AWS
import AsyncHTTPClient
import Crypto
import FerryErrors
import Foundation
import HTTPRetry
import NIOCore
import NIOHTTP1
import ObjectStore
import Logging

/// One S3 request before signing.
struct S3Call: Sendable {
    var method: HTTPMethod
    /// The object the request is about; nil for the bucket itself (ListObjectsV2).
    var key: String?
    var query: [(String, String)] = []
    var headers: [(String, String)] = []
    var body: ByteBuffer?
    /// A body sent as it is read (length known, payload unsigned); such a call is sent once, never
    /// retried, since its bytes cannot be read again.
    var streamedBody: HTTPClientRequest.Body?
    /// Sign the body's SHA-256 (small XML bodies) rather than sending it unsigned (file data, guarded by Content-MD5).
    var signBody = false
}

/// What came back, read whole.
struct S3Response: Sendable {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: ByteBuffer
}

extension S3ObjectStore {
    /// S3 error codes that mean "slow down and try again" whatever their status (RequestTimeout is a 400).
    static let congestionCodes: Set<String> = ["SlowDown", "RequestTimeout", "Throttling", "ThrottlingException",
                                               "RequestThrottled", "InternalError"]
    /// S3 error codes that mean the credential is refused or lacks the right, whatever their status.
    static let authenticationCodes: Set<String> = ["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
                                                   "ExpiredToken", "InvalidToken", "TokenRefreshRequired"]

    /// Sends a call and reads the answer whole; a body that breaks off is retried like a dropped connection.
    func send(_ call: S3Call, allowing accepted: Set<UInt> = []) async throws -> S3Response {
        try await perform(call, allowing: accepted, retryingReads: true) { response in
            let body = call.method == .HEAD ? ByteBuffer() : try await response.body.collect(upTo: 16 << 20)
            return S3Response(status: response.status, headers: response.headers, body: body)
        }
    }

    /// Sends a call, signing each attempt afresh and retrying as ``S3Configuration/retry`` decides;
    /// hands an answer with a 2xx or `accepted` status to `read`. A failure inside `read` is retried
    /// only when `retryingReads` (never once a caller may have consumed part of the body).
    func perform<Read>(_ call: S3Call, allowing accepted: Set<UInt> = [], retryingReads: Bool,
                       _ read: (HTTPClientResponse) async throws -> Read) async throws -> Read {
        let (scheme, host, path) = call.key.map { configuration.location(key: $0) } ?? configuration.bucketLocation()
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        let payloadHash = call.signBody
            ? FileDigest.hex(SHA256.hash(data: Array(buffer: call.body ?? ByteBuffer())))
            : (call.body == nil && call.streamedBody == nil ? SigV4Signer.emptyPayloadHash : SigV4Signer.unsignedPayload)
        let target = "s3://\(configuration.bucket)/\(call.key ?? call.query.first(where: { $0.0 == "prefix" })?.1 ?? "")"
        let errorKey = call.key ?? ""
        var attempt = 0
        while true {
            attempt += 1
            let signable = SigV4Signer.Request(method: call.method.rawValue, host: host, path: path, query: call.query,
                                               headers: call.headers, payloadHash: payloadHash)
            let query = signable.encodedQuery
            var request = HTTPClientRequest(url: "\(scheme)://\(host)\(path)\(query.isEmpty ? "" : "?" + query)")
            request.method = call.method
            for (name, value) in signer.signedHeaders(for: signable) where name != "host" {
                request.headers.add(name: name, value: value)
            }
            // The bytes as stored: a decompressing client (HTTPClient.shared) would otherwise hand
            // back an object stored with Content-Encoding: gzip decoded, or refuse a compressible one.
            request.headers.add(name: "Accept-Encoding", value: "identity")
            if let body = call.body { request.body = .bytes(body) }
            if let streamed = call.streamedBody { request.body = streamed }

            let classification: RetryClassification
            var retryAfter: Duration?
            let failure: ObjectStoreError
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(configuration.retry.requestTimeoutNanoseconds))
                if response.status.code < 300 || accepted.contains(response.status.code) {
                    guard retryingReads else { return try await read(response) }
                    do {
                        return try await read(response)
                    } catch {
                        classification = .transportFailure
                        failure = ObjectStoreError(key: errorKey, message: "\(target): \(call.method.rawValue) answer broke off after \(attempt) attempts: \(error)")
                    }
                } else {
                    let body = (try? await response.body.collect(upTo: 1 << 16)) ?? ByteBuffer()
                    let code = S3XML.firstValue(of: "Code", in: body) ?? response.status.reasonPhrase
                    let message = S3XML.firstValue(of: "Message", in: body).map { ": \($0)" } ?? ""
                    classification = Self.congestionCodes.contains(code) ? .congestion : RetryClassification(status: Int(response.status.code))
                    retryAfter = response.headers.first(name: "retry-after").flatMap { RetryAfter.delay($0, now: Date().timeIntervalSince1970) }
                    let refused = classification == .unauthorized || Self.authenticationCodes.contains(code)
                    failure = ObjectStoreError(code: refused ? .authentication : .objectStore, key: errorKey,
                                               message: "\(target): \(call.method.rawValue) failed with \(response.status.code) \(code)\(message)",
                                               serviceCode: code)
                }
            } catch {
                classification = .transportFailure
                failure = ObjectStoreError(key: errorKey, message: "\(target): \(call.method.rawValue) failed after \(attempt) attempts: \(error)")
            }
            guard call.streamedBody == nil,
                  case let .retry(wait) = configuration.retry.decide(classification, afterAttempt: attempt, retryAfter: retryAfter) else {
                throw failure
            }
            logger.info("retrying", metadata: ["target": "\(target)", "after": "\(classification)", "attempt": "\(attempt)"])
            try await Task.sleep(for: wait)
        }
    }
}
