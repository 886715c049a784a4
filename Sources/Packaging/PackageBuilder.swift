import DurableFiles
import Foundation
import Synchronization
public import TarArchive

/// Builds one package's tar into the first buffer that takes it: the primary, then the next by
/// priority when writing fails. The tar appears under its final name only whole (temporary name,
/// fsync, rename, fsync of the folder). Blocking: runs on a thread of its own.
public struct PackageBuilder: Sendable {
    /// Set from another thread to stop a build between chunks (the attempt's lease was lost).
    public final class Cancellation: Sendable {
        private let flag = Atomic<Bool>(false)
        public init() {}
        public func cancel() { flag.store(true, ordering: .relaxed) }
        public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    }

    public init() {}

    /// Builds `plan`'s tar; errors about a source file name it (and are not a buffer's fault).
    public func build(_ plan: PackageBuildPlan, cancellation: Cancellation = Cancellation()) throws -> BuiltPackage {
        guard plan.source.storage == .disk, let sourceRoot = plan.source.path else {
            throw PackagingError.configuration("source location \(plan.source.name) is not on disk")
        }
        guard !plan.buffers.isEmpty else {
            throw PackagingError.configuration("the site of package \(plan.name) has no active BUFFER location")
        }
        var failures: [String] = []
        for buffer in plan.buffers {
            do {
                return try build(plan, sourceRoot: sourceRoot, into: buffer, failures: failures, cancellation: cancellation)
            } catch let error as BufferWriteError {
                failures.append("buffer \(buffer.name): \(error.message)")
            }
        }
        throw PackagingError.configuration("no buffer took package \(plan.name): " + failures.joined(separator: "; "))
    }

    struct BufferWriteError: Error { let message: String }

    private func build(_ plan: PackageBuildPlan, sourceRoot: String, into buffer: DataLocation, failures: [String],
                       cancellation: Cancellation) throws -> BuiltPackage {
        guard buffer.storage == .disk, let bufferRoot = buffer.path else {
            throw BufferWriteError(message: "only disk buffers can be written by this worker")
        }
        let destination = bufferRoot + "/" + plan.relativePath
        let folder = (destination as NSString).deletingLastPathComponent
        let file: DurableFile
        do {
            try DurableFile.createDirectories(folder)
            _ = StaleTemporaries.remove(in: folder, finalNamePrefix: (destination as NSString).lastPathComponent)
            file = try DurableFile(destination: destination, permissions: 0o644)
        } catch {
            throw BufferWriteError(message: "\(error)")
        }
        let summary: TarArchiveSummary
        do {
            let sink = CancellableSink(base: FileDescriptorSink(fileDescriptor: file.descriptor), cancellation: cancellation)
            summary = try TarArchiveWriter(sourceRoot: sourceRoot).write(members: plan.members.map(\.path), to: sink)
            try file.commit()
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
        return BuiltPackage(bufferLocationID: buffer.id, bufferName: buffer.name, size: Int64(summary.size), sha256: summary.sha256,
                            members: summary.members.map { BuiltPackage.Member(path: $0.path, size: Int64($0.size), sha256: $0.sha256) },
                            bufferFailures: failures)
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
