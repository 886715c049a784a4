public import ObjectStore
public import NIOCore
import AsyncHTTPClient
import NIOHTTP1

extension S3ObjectStore {
    /// Streams a body of known size and MD5 into one PUT with Content-MD5, so the server checks the
    /// bytes and the client never hashes them; larger than a part, it goes in parts, hashed here.
    ///
    /// The PUT is sent once (its bytes cannot be read again): a failure is the caller's to retry
    /// from the source. A server that finds another MD5 answers BadDigest and stores nothing.
    public func put<Body: AsyncSequence & Sendable>(stream body: Body, key: String, contentType: String,
                                                    expecting expected: ExpectedContent) async throws -> PutResult
        where Body.Element == ByteBuffer {
        guard expected.size <= Int64(configuration.partSize) else {
            return try await putCheckingHere(stream: body, key: key, contentType: contentType, expecting: expected)
        }
        let counted = CheckedStream(base: body, key: key, expected: expected, hashing: false)
        let call = S3Call(method: .PUT, key: key,
                          headers: [("content-type", contentType), ("content-md5", expected.md5Base64)],
                          streamedBody: .stream(counted, length: .known(expected.size)))
        let response: S3Response
        do {
            response = try await send(call)
        } catch let error as ObjectStoreError where error.serviceCode == "BadDigest" {
            throw ContentMismatch(key: key, detail: "the store found another MD5 than the expected \(expected.md5) (BadDigest)")
        } catch {
            throw counted.failure ?? error
        }
        // S3 and the servers that follow it report a whole object's MD5 as its ETag: one more check, free.
        let etag = response.headers.first(name: "etag").map(S3XML.unquotedETag)
        if let etag, etag.utf8.count == 32, etag.allSatisfy(\.isHexDigit), etag.lowercased() != expected.md5 {
            throw ContentMismatch(key: key, detail: "the store reports MD5 \(etag) where \(expected.md5) was expected")
        }
        return PutResult(location: configuration.bucket, key: key,
                         object: StoredObject(size: expected.size, etag: expected.md5), skipped: false)
    }
}
