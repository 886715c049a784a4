import FerryTestSupport
import Foundation
import Glibc
import TarArchive
import Testing

/// The writer refuses sources it cannot archive faithfully, naming the member at fault.
@Suite struct TarArchiveWriterErrorTests {
    let directory: TemporaryDirectory
    let root: String

    init() throws {
        directory = try TemporaryDirectory()
        root = directory.path("source")
        try FileManager.default.createDirectory(atPath: root + "/folder", withIntermediateDirectories: true)
        try write("ok.txt", Array("fine\n".utf8))
    }

    func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: root + "/" + relativePath, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: relativePath])
        }
    }

    /// Writes `members` to a sink that discards the bytes, returning the error it threw.
    func failure(_ members: [String], chunkSize: Int = TarArchiveWriter.defaultChunkSize,
                 sink: ChunkHandlerSink = ChunkHandlerSink { _ in }) -> TarArchiveError? {
        #expect(throws: TarArchiveError.self) {
            try TarArchiveWriter(sourceRoot: root, chunkSize: chunkSize).write(members: members, to: sink)
        }
    }

    @Test func aMissingFileIsNamed() throws {
        let error = try #require(failure(["ok.txt", "absent.txt"]))
        #expect(error == .missingFile(path: "absent.txt"))
        #expect(error.description.contains("absent.txt"))
    }

    @Test func aDirectoryWhereAFileIsExpectedIsRefused() throws {
        let error = try #require(failure(["folder", "ok.txt"]))
        #expect(error == .notARegularFile(path: "folder"))
        #expect(error.description.contains("folder"))
    }

    // The link sits in root/folder, so "../../outside.txt" is a sibling of the root.
    @Test(arguments: ["/etc/hostname", "../../outside.txt"])
    func aSymlinkLeadingOutsideTheRootIsRefused(target: String) throws {
        try Data("outside\n".utf8).write(to: URL(fileURLWithPath: directory.path("outside.txt")))
        try FileManager.default.createSymbolicLink(atPath: root + "/folder/link", withDestinationPath: target)
        let error = try #require(failure(["ok.txt", "folder/link"]))
        guard case let .escapesRoot(path, resolved) = error else {
            Issue.record("expected escapesRoot, got \(error)")
            return
        }
        #expect(path == "folder/link")
        #expect(resolved.hasSuffix(target == "/etc/hostname" ? "/etc/hostname" : "/outside.txt"))
        #expect(error.description.contains("folder/link"))
    }

    @Test func aSymlinkStayingInsideTheRootIsArchivedAsTheFileItNames() throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/folder/alias", withDestinationPath: "../ok.txt")
        let reader = TarArchiveReader()
        let summary = try TarArchiveWriter(sourceRoot: root).write(members: ["folder/alias"], to: reader)
        let listing = try reader.finish()
        #expect(listing.entries.map(\.path) == ["folder/alias"])
        #expect(listing.entries.first?.isRegularFile == true)
        #expect(summary.members.first?.size == 5)
    }

    /// What a sink does to the member's source after it receives the first chunk of the archive.
    enum Change: String, CaseIterable, Sendable {
        case grows, shrinks, isTouched
    }

    @Test(arguments: Change.allCases)
    func aSourceChangingWhilePackedIsRefused(change: Change) throws {
        let path = root + "/growing.bin"
        try write("growing.bin", [UInt8](repeating: 7, count: 1_048_576))
        var changed = false
        // The chunk is 64 KiB, so the first write comes while most of the file is still unread.
        let sink = ChunkHandlerSink { _ in
            guard !changed else { return }
            changed = true
            switch change {
            case .grows:
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("more".utf8))
                try handle.close()
            case .shrinks:
                #expect(truncate(path, 1000) == 0)
            case .isTouched:
                let times = [timeval(tv_sec: 1_000_000_000, tv_usec: 0), timeval(tv_sec: 1_000_000_000, tv_usec: 0)]
                #expect(utimes(path, times) == 0)
            }
        }
        let error = try #require(failure(["growing.bin"], chunkSize: 65536, sink: sink))
        #expect(changed, "the sink changed the file mid-member")
        guard case let .changedWhilePacking(memberPath, _) = error else {
            Issue.record("expected changedWhilePacking, got \(error)")
            return
        }
        #expect(memberPath == "growing.bin")
        #expect(error.description.contains("growing.bin"))
    }

    @Test func anUnchangedFileOfTheSameShapePacksCleanly() throws {
        // The control for the test above: the same file and chunk size, a sink that changes nothing.
        try write("steady.bin", [UInt8](repeating: 7, count: 1_048_576))
        let summary = try TarArchiveWriter(sourceRoot: root, chunkSize: 65536)
            .write(members: ["steady.bin"], to: ChunkHandlerSink { _ in })
        #expect(summary.members.map(\.size) == [1_048_576])
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files whatever their mode, so there is no denial to observe"))
    func anUnreadableFileIsNamed() throws {
        try write("secret.txt", Array("hidden".utf8))
        #expect(chmod(root + "/secret.txt", 0) == 0)
        let error = try #require(failure(["secret.txt"]))
        #expect(error == .permissionDenied(path: "secret.txt"))
        #expect(error.description.contains("secret.txt"))
    }

    @Test(arguments: ["", "/etc/passwd", "folder/../ok.txt", "./ok.txt", "folder//ok.txt", "ok.txt/"])
    func anInvalidMemberPathIsRefusedBeforeAnythingIsWritten(path: String) throws {
        var wrote = false
        let error = try #require(failure(["ok.txt", path], sink: ChunkHandlerSink { _ in wrote = true }))
        guard case .invalidMemberPath(path, _) = error else {
            Issue.record("expected invalidMemberPath for \(path.debugDescription), got \(error)")
            return
        }
        #expect(!wrote)
    }

    @Test func aMemberListedTwiceIsRefused() throws {
        #expect(failure(["ok.txt", "ok.txt"]) == .duplicateMember(path: "ok.txt"))
    }

    @Test func theSinksErrorStopsTheWriter() throws {
        struct UploadFailed: Error, Equatable {}
        #expect(throws: UploadFailed()) {
            try TarArchiveWriter(sourceRoot: root).write(members: ["ok.txt"], to: ChunkHandlerSink { _ in throw UploadFailed() })
        }
    }

    @Test func chunksHandedToAClosureMakeTheSameArchiveAsADescriptor() throws {
        var chunks: [[UInt8]] = []
        let viaClosure = try TarArchiveWriter(sourceRoot: root, chunkSize: 1000)
            .write(members: ["ok.txt"], to: ChunkHandlerSink { chunks.append(Array($0)) })
        let archivePath = directory.path("archive.tar")
        let descriptor = open(archivePath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(descriptor >= 0)
        let viaDescriptor = try TarArchiveWriter(sourceRoot: root)
            .write(members: ["ok.txt"], to: FileDescriptorSink(fileDescriptor: descriptor))
        close(descriptor)
        #expect(chunks.allSatisfy { $0.count <= 1000 })
        #expect(Data(chunks.joined()) == FileManager.default.contents(atPath: archivePath))
        #expect(viaClosure == viaDescriptor)
    }
}
