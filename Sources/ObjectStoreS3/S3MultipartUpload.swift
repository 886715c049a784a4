import AsyncHTTPClient
import Crypto
import Foundation
public import NIOCore
public import ObjectStore
import NIOHTTP1
import Logging

/// Multipart uploads: of a file (parts read at their offsets, several in flight) and of a stream
/// (parts cut from the buffers as they come). Either way the upload is aborted on any failure, so
/// no orphan parts remain, and the object appears only when CompleteMultipartUpload succeeds.
extension S3ObjectStore {
    /// One uploaded part: its number, the server's entity tag and the MD5 of the bytes sent.
    struct UploadedPart: Sendable {
        let number: Int
        let etag: String
        let md5: [UInt8]
    }

    func putInParts(file path: String, size: Int64, key: String, contentType: String) async throws -> StoredObject {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ObjectStoreError(key: key, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let uploadID = try await createMultipartUpload(key: key, contentType: contentType)
        return try await abortingOnFailure(key: key, uploadID: uploadID) {
            let partSize = Int64(configuration.partSize)
            let count = Int((size + partSize - 1) / partSize)
            var parts: [UploadedPart] = []
            try await withThrowingTaskGroup(of: UploadedPart.self) { group in
                var next = 0
                func launch() {
                    let index = next
                    next += 1
                    group.addTask {
                        let offset = Int64(index) * partSize
                        let length = Int(min(partSize, size - offset))
                        let body = try await BlockingIO.read(upTo: length, from: fd, at: offset, path: path)
                        guard body.readableBytes == length else {
                            throw ObjectStoreError(key: key, message: "\(path) changed while it was being uploaded")
                        }
                        return try await uploadPart(index + 1, body, key: key, uploadID: uploadID)
                    }
                }
                for _ in 0..<min(configuration.concurrency, count) { launch() }
                while let part = try await group.next() {
                    parts.append(part)
                    if next < count { launch() }
                }
            }
            return try await completeMultipartUpload(parts, size: size, key: key, uploadID: uploadID)
        }
    }

    public func put<Body: AsyncSequence>(stream body: Body, key: String, contentType: String) async throws -> PutResult
        where Body.Element == ByteBuffer {
        let partSize = configuration.partSize
        var uploadID: String?
        do {
            var parts: [UploadedPart] = []
            var size: Int64 = 0
            // Cuts parts of exactly `partSize` from the buffers as they come; at most `concurrency`
            // parts are in flight, so memory stays within (concurrency + 1) × partSize.
            let tail = try await withThrowingTaskGroup(of: UploadedPart.self) { group -> ByteBuffer in
                // Parts grow as bytes come: a stream smaller than a part (most staged files) holds
                // only its own size, not a whole part's.
                let firstCapacity = min(partSize, 1 << 20)
                var current = ByteBufferAllocator().buffer(capacity: firstCapacity)
                var inFlight = 0
                func sendPart(_ part: ByteBuffer) async throws {
                    if uploadID == nil { uploadID = try await createMultipartUpload(key: key, contentType: contentType) }
                    if inFlight == configuration.concurrency, let done = try await group.next() {
                        parts.append(done)
                        inFlight -= 1
                    }
                    let (number, id) = (parts.count + inFlight + 1, uploadID!)
                    group.addTask { try await uploadPart(number, part, key: key, uploadID: id) }
                    inFlight += 1
                }
                for try await var buffer in body {
                    size += Int64(buffer.readableBytes)
                    while buffer.readableBytes > 0 {
                        var slice = buffer.readSlice(length: min(buffer.readableBytes, partSize - current.readableBytes))!
                        current.writeBuffer(&slice)
                        if current.readableBytes == partSize {
                            try await sendPart(current)
                            current = ByteBufferAllocator().buffer(capacity: firstCapacity)
                        }
                    }
                }
                if uploadID != nil, current.readableBytes > 0 {
                    try await sendPart(current)
                    current.clear()
                }
                while let done = try await group.next() { parts.append(done) }
                return current
            }
            guard let uploadID else {   // smaller than one part: a single PUT
                let object = try await putWhole(tail, key: key, contentType: contentType)
                return PutResult(location: configuration.bucket, key: key, object: object, skipped: false)
            }
            let object = try await completeMultipartUpload(parts, size: size, key: key, uploadID: uploadID)
            return PutResult(location: configuration.bucket, key: key, object: object, skipped: false)
        } catch {
            if let uploadID { await abortMultipartUpload(key: key, uploadID: uploadID) }
            throw error
        }
    }

    /// Aborts every multipart upload of exactly `key` still open (one an attempt killed midway
    /// left, whose parts the server keeps for ever otherwise); returns how many. Only for a key
    /// no live writer can be uploading (packaging holds the package's lease).
    public func abortUnfinishedUploads(key: String) async throws -> Int {
        let listing = try await send(S3Call(method: .GET, key: nil, query: [("uploads", ""), ("prefix", key)]))
        var aborted = 0
        for upload in S3XML.elements("Upload", in: Substring(String(buffer: listing.body))) {
            guard S3XML.firstValue(of: "Key", in: upload) == key, let uploadID = S3XML.firstValue(of: "UploadId", in: upload) else { continue }
            await abortMultipartUpload(key: key, uploadID: uploadID)
            aborted += 1
        }
        return aborted
    }

    private func createMultipartUpload(key: String, contentType: String) async throws -> String {
        let create = try await send(S3Call(method: .POST, key: key, query: [("uploads", "")],
                                           headers: [("content-type", contentType)]))
        guard let uploadID = S3XML.firstValue(of: "UploadId", in: create.body) else {
            throw ObjectStoreError(key: key, message: "s3://\(configuration.bucket)/\(key): CreateMultipartUpload returned no UploadId")
        }
        return uploadID
    }

    private func uploadPart(_ number: Int, _ body: ByteBuffer, key: String, uploadID: String) async throws -> UploadedPart {
        let md5 = Array(body.withUnsafeReadableBytes { Insecure.MD5.hash(data: $0) })
        // No Content-MD5 on parts: a server verifying it hashes every part twice (measured on
        // rclone: a quarter more server CPU per upload). The part's ETag, which S3 and the servers
        // that follow it compute as the part's MD5, is checked instead; a mismatch fails the
        // upload before CompleteMultipartUpload, so damaged bytes never become the object.
        let response = try await send(S3Call(method: .PUT, key: key,
                                             query: [("partNumber", String(number)), ("uploadId", uploadID)], body: body))
        let sent = FileDigest.hex(md5)
        guard let etag = response.headers.first(name: "etag").map(S3XML.unquotedETag) else {
            return UploadedPart(number: number, etag: sent, md5: md5)
        }
        if etag.count == 32, etag.allSatisfy(\.isHexDigit), etag != sent {
            throw ObjectStoreError(key: key, message: "s3://\(configuration.bucket)/\(key): part \(number) arrived damaged (server MD5 \(etag), sent \(sent))")
        }
        return UploadedPart(number: number, etag: etag, md5: md5)
    }

    private func completeMultipartUpload(_ parts: [UploadedPart], size: Int64, key: String, uploadID: String) async throws -> StoredObject {
        let sorted = parts.sorted { $0.number < $1.number }
        var body = "<CompleteMultipartUpload>"
        for part in sorted {
            body += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\"\(part.etag)\"</ETag></Part>"
        }
        body += "</CompleteMultipartUpload>"
        let complete = try await send(S3Call(method: .POST, key: key, query: [("uploadId", uploadID)],
                                             body: ByteBuffer(string: body), signBody: true))
        // S3 can report a failure inside a 200 response to CompleteMultipartUpload.
        if let code = S3XML.firstValue(of: "Code", in: complete.body) {
            throw ObjectStoreError(key: key, message: "s3://\(configuration.bucket)/\(key): CompleteMultipartUpload failed: \(code)")
        }
        let digests = sorted.flatMap(\.md5)
        return StoredObject(size: size, etag: FileDigest.hex(Insecure.MD5.hash(data: digests)) + "-\(sorted.count)")
    }

    /// Runs `upload`, aborting the multipart upload when it throws.
    private func abortingOnFailure<Result>(key: String, uploadID: String,
                                           _ upload: () async throws -> Result) async throws -> Result {
        do {
            return try await upload()
        } catch {
            await abortMultipartUpload(key: key, uploadID: uploadID)
            throw error
        }
    }

    /// Aborts the upload so its parts are freed; runs even when the failure was a cancellation.
    private func abortMultipartUpload(key: String, uploadID: String) async {
        logger.warning("aborting multipart upload", metadata: ["bucket": "\(configuration.bucket)", "key": "\(key)"])
        // A task of its own: a cancelled caller would otherwise cancel the abort's request too.
        // It is awaited, so it never outlives this call.
        let store = self
        await Task {
            _ = try? await store.send(S3Call(method: .DELETE, key: key, query: [("uploadId", uploadID)]), allowing: [404])
        }.value
    }
}
