import FerryTestSupport
import Foundation
import Glibc
import TarArchive
import Testing

/// The reader lists what writers put in an archive and refuses archives that are cut short or damaged.
@Suite struct TarArchiveReaderTests {
    let tree: SourceTree
    init() throws { tree = try SourceTree.standard() }

    @Test func itRoundTripsTheWritersArchiveFromAFileDescriptor() throws {
        let archivePath = tree.directory.path("archive.tar")
        let summary = try tree.writeArchive(to: archivePath)
        let listing = try Self.read(archivePath)
        #expect(listing.entries.map(\.path) == summary.members.map(\.path))
        #expect(listing.entries.map(\.size) == summary.members.map(\.size))
        #expect(listing.entries.map(\.sha256) == summary.members.map(\.sha256))
        #expect(listing.entries.allSatisfy { $0.isRegularFile })
        #expect(listing.size == summary.size)
        #expect(listing.sha256 == summary.sha256)
    }

    @Test func itVerifiesWhileTheWriterWritesInSmallUnevenChunks() throws {
        // A small chunk size makes headers and data straddle every chunk boundary the reader sees.
        let reader = TarArchiveReader()
        let summary = try TarArchiveWriter(sourceRoot: tree.root, chunkSize: 777).write(members: tree.paths, to: reader)
        let listing = try reader.finish()
        #expect(listing.entries.map(\.path) == summary.members.map(\.path))
        #expect(listing.entries.map(\.sha256) == summary.members.map(\.sha256))
        #expect(listing.sha256 == summary.sha256)
    }

    @Test(arguments: ["pax", "gnu"])
    func itReadsGnuTarArchives(format: String) async throws {
        let archivePath = tree.directory.path("gnu-\(format).tar")
        try await Commands.tar(["--format=\(format)", "-C", tree.root, "-cf", archivePath] + tree.paths)
        let listing = try Self.read(archivePath)
        let files = listing.entries.filter(\.isRegularFile)
        #expect(files.map(\.path) == tree.paths)
        for (entry, file) in zip(files, tree.files) {
            #expect(entry.size == file.bytes.count, "\(file.path)")
            #expect(entry.sha256 == (try await Commands.sha256sum(tree.root + "/" + file.path)), "\(file.path)")
        }
        #expect(listing.sha256 == (try await Commands.sha256sum(archivePath)))
    }

    @Test func itRejectsATruncatedArchive() throws {
        let archivePath = tree.directory.path("archive.tar")
        _ = try tree.writeArchive(to: archivePath)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archivePath))
        // Cut inside the large member's data, and just before the end-of-archive marker.
        let endOfData = try Self.offsetOfEndMarker(bytes)
        for cut in [bytes.count / 2, endOfData + 512] {
            let reader = TarArchiveReader()
            try bytes.prefix(cut).withUnsafeBytes { try reader.consume($0) }
            #expect(throws: TarArchiveError.truncated(offset: cut)) { try reader.finish() }
        }
    }

    @Test func itRejectsAHeaderWithAWrongChecksum() throws {
        let archivePath = tree.directory.path("archive.tar")
        _ = try tree.writeArchive(to: archivePath)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archivePath))
        bytes[2] ^= 0x01 // a letter of the first member's name ("empty.dat")
        let reader = TarArchiveReader()
        let error = #expect(throws: TarArchiveError.self) { try bytes.withUnsafeBytes { try reader.consume($0) } }
        guard case let .corruptHeader(offset, detail)? = error else {
            Issue.record("expected a corrupt header, got \(String(describing: error))")
            return
        }
        #expect(offset == 0)
        #expect(detail.contains("checksum"), "\(detail)")
        #expect(throws: error!) { _ = try reader.finish() }
    }

    @Test func itRejectsGarbageWhereAHeaderShouldBe() throws {
        var bytes = [UInt8](repeating: 0x41, count: 10240)
        bytes[148..<156] = ArraySlice(Array("garbage!".utf8))
        let reader = TarArchiveReader()
        #expect(throws: TarArchiveError.corruptHeader(offset: 0, detail: "the checksum field is not a number")) {
            try bytes.withUnsafeBytes { try reader.consume($0) }
        }
    }

    /// Lists the archive at `path` through `TarArchiveReader.read(fileDescriptor:)`.
    static func read(_ path: String) throws -> TarArchiveListing {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(call: "open \(path)") }
        defer { close(descriptor) }
        return try TarArchiveReader.read(fileDescriptor: descriptor, chunkSize: 4096)
    }

    /// Where the two zero blocks begin: the first 512-aligned all-zero block after the last nonzero byte's block.
    static func offsetOfEndMarker(_ bytes: Data) throws -> Int {
        let lastNonzero = try #require(bytes.lastIndex { $0 != 0 })
        return (lastNonzero / 512 + 1) * 512
    }
}
