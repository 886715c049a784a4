import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes regular files under a source root as one POSIX.1-2001 (pax) tar archive, reading each file
/// once and computing each member's SHA-256 and the archive's SHA-256 in that same pass.
///
/// Members are stored in the byte order of their UTF-8 paths, under their paths as given. Headers are
/// ustar, with a pax extended header where ustar cannot hold a value exactly (a long or non-ASCII
/// path, a size of 8 GiB or more). The archive ends with two zero blocks, padded to a 10240-byte
/// record as GNU tar does. `write` blocks on file I/O: run it on a thread of your own. Reading, the
/// two hashes and the sink's writes overlap on threads it starts (`ArchiveOutput`); it asks the
/// kernel to read the next members ahead and to drop each member's pages once packed.
public struct TarArchiveWriter: Sendable {
    /// The size of the buffers files are read into and the sink is written from (four of them).
    public static let defaultChunkSize = 4 << 20
    /// GNU tar's default record: 20 blocks of 512 bytes.
    static let recordSize = 10240

    /// The directory member paths are relative to.
    public let sourceRoot: String
    /// The most bytes handed to the sink at once (four buffers of this size are reused).
    public let chunkSize: Int

    /// A writer of members under `sourceRoot`, reading and writing `chunkSize` bytes at a time.
    public init(sourceRoot: String, chunkSize: Int = defaultChunkSize) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.sourceRoot = sourceRoot
        self.chunkSize = chunkSize
    }

    /// Writes `members` (paths relative to the source root, in any order) to `sink` and returns what was
    /// written; on error the sink holds a partial archive the caller must discard.
    public func write(members: [String], to sink: some TarArchiveSink) throws -> TarArchiveSummary {
        let ordered = members.sorted(by: MemberPath.precedes)
        for (index, path) in ordered.enumerated() {
            try MemberPath.validate(path)
            // Compared as bytes: `==` on strings would call two distinct names (NFC and NFD) the same.
            if index > 0, ordered[index - 1].utf8.elementsEqual(path.utf8) { throw TarArchiveError.duplicateMember(path: path) }
        }
        let root = try resolvedRoot()
        let output = ArchiveOutput(sink: sink, chunkSize: chunkSize)
        var written: [WrittenMember] = []
        written.reserveCapacity(ordered.count)
        var prefetch = MemberPrefetch(root: root, paths: ordered)
        for (index, path) in ordered.enumerated() {
            prefetch.reading(index)
            let file = try SourceFile(root: root, relativePath: path)
            written.append(try writeMember(file, to: output))
        }
        try output.appendZeros(2 * UstarHeader.blockSize)
        try output.appendZeros(Self.padding(output.totalBytes, to: Self.recordSize))
        let digests = try output.finish()
        precondition(digests.members.count == written.count, "a member's SHA-256 went missing between the threads")
        let members = zip(written, digests.members).map { member, digest in
            TarArchiveSummary.Member(
                path: member.path, size: member.size, mode: member.mode, modificationTime: member.seconds,
                modificationTimeNanoseconds: member.nanoseconds, sha256: digest.lowercaseHex)
        }
        return TarArchiveSummary(members: members, size: output.totalBytes, sha256: digests.archive.lowercaseHex)
    }

    /// A member as written, before the hashing thread has its SHA-256.
    private struct WrittenMember {
        let path: String
        let size: Int
        let mode: Int
        let seconds: Int
        let nanoseconds: Int
    }

    private func resolvedRoot() throws -> String {
        guard let pointer = realpath(sourceRoot, nil) else {
            throw TarArchiveError.sourceRootUnavailable(root: sourceRoot, errno: errno)
        }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Writes the header(s), the data and the block padding of one member.
    private func writeMember(_ file: borrowing SourceFile, to output: ArchiveOutput) throws -> WrittenMember {
        let size = file.size
        let seconds = Int(file.status.st_mtim.tv_sec)
        let nanoseconds = Int(file.status.st_mtim.tv_nsec)
        try output.append(MemberHeaders.blocks(
            path: file.relativePath, mode: file.permissions, uid: Int(file.status.st_uid), gid: Int(file.status.st_gid),
            size: size, modificationTime: seconds, nanoseconds: nanoseconds))

        var remaining = size
        while remaining > 0 {
            let space = try output.freeSpace()
            let count = read(file.descriptor, space.baseAddress, min(space.count, remaining))
            if count < 0 {
                if errno == EINTR { continue }
                throw TarArchiveError.readFailed(path: file.relativePath, errno: errno)
            }
            if count == 0 {
                throw TarArchiveError.changedWhilePacking(
                    path: file.relativePath, detail: "it ended after \(size - remaining) of \(size) bytes")
            }
            output.commitMemberData(count)
            remaining -= count
        }
        try checkAtEnd(file)
        file.releaseCachedPages()
        output.endMember()
        try output.appendZeros(Self.padding(size, to: UstarHeader.blockSize))
        return WrittenMember(path: file.relativePath, size: size, mode: file.permissions, seconds: seconds, nanoseconds: nanoseconds)
    }

    /// Throws unless the file has no bytes beyond the size seen at open, and still has that size and
    /// modification time.
    private func checkAtEnd(_ file: borrowing SourceFile) throws {
        var probe: UInt8 = 0
        var extra: Int
        repeat { extra = read(file.descriptor, &probe, 1) } while extra < 0 && errno == EINTR
        if extra < 0 { throw TarArchiveError.readFailed(path: file.relativePath, errno: errno) }
        if extra > 0 {
            throw TarArchiveError.changedWhilePacking(
                path: file.relativePath, detail: "it has more than the \(file.size) bytes it had when opened")
        }
        try file.checkUnchanged()
    }

    static func padding(_ count: Int, to multiple: Int) -> Int { (multiple - count % multiple) % multiple }
}
