import Dispatch
import DurableFiles
import Foundation
import ObjectStore
import ObjectStoreS3
import Synchronization
import TarArchive

/// Builds one package's tar into the first buffer that takes it: the primary, then the next by
/// priority when writing there fails (a source file's problem is not a buffer's and fails at once).
///
/// A disk buffer sees the tar under its final name only whole (temporary name, fsync, rename,
/// fsync of the folder). An S3 buffer receives it as a streaming multipart upload, which S3 shows
/// only once completed. The tar is written on a thread of its own, never on the cooperative pool.
public struct PackageBuilder: Sendable {
    public init() {}

    /// Builds `plan`'s tar; errors about a source file name it.
    public func build(_ plan: PackageBuildPlan) async throws -> BuiltPackage {
        guard plan.source.storage == .disk, let sourceRoot = plan.source.path else {
            throw PackagingError.configuration("source location \(plan.source.name) is not on disk")
        }
        guard !plan.buffers.isEmpty else {
            throw PackagingError.configuration("the site of package \(plan.name) has no active BUFFER location")
        }
        var failures: [String] = []
        for buffer in plan.buffers {
            do {
                let summary: TarArchiveSummary
                switch buffer.storage {
                case .disk: summary = try await Self.offPool { cancellation in try Self.writeToDisk(plan, sourceRoot: sourceRoot, buffer: buffer, cancellation: cancellation) }
                case .s3: summary = try await Self.upload(plan, sourceRoot: sourceRoot, buffer: buffer)
                }
                return BuiltPackage(bufferLocationID: buffer.id, bufferName: buffer.name, size: Int64(summary.size), sha256: summary.sha256,
                                    members: summary.members.map { BuiltPackage.Member(path: $0.path, size: Int64($0.size), sha256: $0.sha256) },
                                    bufferFailures: failures)
            } catch let error as BufferWriteError {
                failures.append("buffer \(buffer.name): \(error.message)")
            }
        }
        throw PackagingError.configuration("no buffer took package \(plan.name): " + failures.joined(separator: "; "))
    }

    /// A buffer could not take the tar: the next one is tried.
    struct BufferWriteError: Error { let message: String }

    /// Set from another thread to stop a build between chunks (the attempt was cancelled).
    final class Cancellation: Sendable {
        private let flag = Atomic<Bool>(false)
        func cancel() { flag.store(true, ordering: .relaxed) }
        var isCancelled: Bool { flag.load(ordering: .relaxed) }
    }

    private static func writeToDisk(_ plan: PackageBuildPlan, sourceRoot: String, buffer: DataLocation,
                                    cancellation: Cancellation) throws -> TarArchiveSummary {
        guard let bufferRoot = buffer.path else { throw BufferWriteError(message: "no path") }
        let destination = bufferRoot + "/" + plan.relativePath
        let folder = (destination as NSString).deletingLastPathComponent
        let file: DurableFile
        do {
            try DurableFile.createDirectories(folder)
            // Temporaries of attempts killed earlier (their process is gone) go first.
            _ = StaleTemporaries.remove(in: folder, finalNamePrefix: (destination as NSString).lastPathComponent)
            file = try DurableFile(destination: destination, permissions: 0o644)
        } catch {
            throw BufferWriteError(message: "\(error)")
        }
        do {
            let sink = CancellableSink(base: FileDescriptorSink(fileDescriptor: file.descriptor, bypassingPageCache: true),
                                       cancellation: cancellation)
            let summary = try TarArchiveWriter(sourceRoot: sourceRoot).write(members: plan.members.map(\.path), to: sink)
            try plan.requireRegisteredChecksums(summary)
            try file.commit()
            return summary
        } catch let error as TarArchiveError {
            file.discard()
            if case .writeFailed = error { throw BufferWriteError(message: error.description) }
            throw error
        } catch let error as DurableFileError {
            file.discard()
            throw BufferWriteError(message: "\(error)")
        } catch {
            file.discard()
            throw error
        }
    }

    private static func upload(_ plan: PackageBuildPlan, sourceRoot: String, buffer: DataLocation) async throws -> TarArchiveSummary {
        let store: S3ObjectStore
        do {
            store = S3ObjectStore(configuration: try S3Configuration.fromEnvironment(bucket: buffer.bucket ?? "", endpoint: buffer.endpoint))
        } catch {
            throw BufferWriteError(message: "\(error)")
        }
        let key = PackageName.key(prefix: buffer.prefix, relativePath: plan.relativePath)
        // Uploads of attempts killed earlier go first, as their temporaries do on disk. A store
        // that cannot list them still takes the tar.
        _ = try? await store.abortUnfinishedUploads(key: key)
        let pipe = TarChunkPipe()
        let members = plan.members.map(\.path)
        let summary = Mutex<TarArchiveSummary?>(nil)
        DispatchQueue.global().async {
            do {
                let written = try TarArchiveWriter(sourceRoot: sourceRoot).write(members: members, to: ChunkHandlerSink { try pipe.send($0) })
                // Before the stream ends: a failed stream aborts the multipart upload, so no object appears.
                try plan.requireRegisteredChecksums(written)
                summary.withLock { $0 = written }
                pipe.finish(error: nil)
            } catch {
                pipe.finish(error: error)
            }
        }
        do {
            _ = try await store.put(stream: pipe.chunksSequence, key: key, contentType: "application/x-tar")
            pipe.consumerStopped()
        } catch {
            pipe.consumerStopped()
            if let sourceError = pipe.producerError, !(sourceError is CancellationError) { throw sourceError }
            throw BufferWriteError(message: "\(error)")
        }
        guard let written = summary.withLock({ $0 }) else { throw BufferWriteError(message: "the upload ended before the tar did") }
        return written
    }

    /// Runs blocking work on a Dispatch thread; cancelling the calling task stops it between chunks.
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable (Cancellation) throws -> T) async throws -> T {
        let cancellation = Cancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try work(cancellation) }) }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

extension PackageBuildPlan {
    /// Throws when a member's bytes differ from the sha256 its file was registered with.
    func requireRegisteredChecksums(_ summary: TarArchiveSummary) throws {
        if let mismatch = registeredChecksumMismatch(in: summary.members.map { ($0.path, $0.sha256) }) {
            throw PackagingError.registeredChecksumMismatch(mismatch)
        }
    }
}

/// Stops a build between chunks once its attempt is cancelled.
struct CancellableSink<Base: TarArchiveSink>: TarArchiveSink {
    let base: Base
    let cancellation: PackageBuilder.Cancellation

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if cancellation.isCancelled { throw CancellationError() }
        try base.write(bytes)
    }
}
