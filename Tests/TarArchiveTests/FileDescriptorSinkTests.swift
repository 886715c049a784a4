import FerryTestSupport
import Foundation
import Glibc
import TarArchive
import Testing

/// Past the page cache or through it, on a disk, on tmpfs or into a pipe, the sink writes exactly
/// the bytes it is given, in order.
@Suite struct FileDescriptorSinkTests {
    /// Chunks as the tar writer hands them (whole aligned buffers), then ones no direct write can
    /// take: an unaligned address, an odd length, and whole buffers again after them.
    static func chunks(seed: UInt64) -> [(bytes: [UInt8], offsetInBuffer: Int)] {
        var generator = SeededGenerator(seed: seed)
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        return [
            (bytes(1 << 20), 0), (bytes(3 * 4096), 0), (bytes(1 << 20), 0),
            (bytes(8192), 512), (bytes(4096 + 700), 0), (bytes(1 << 20), 0), (bytes(1), 0),
        ]
    }

    /// Writes `chunks` through a sink on a new file at `path`, each copied into a page-aligned buffer
    /// at its offset; returns the file's bytes and whether the sink was still direct after the
    /// first (aligned) chunk.
    static func write(_ chunks: [(bytes: [UInt8], offsetInBuffer: Int)], to path: String, bypassing: Bool) throws -> (Data, Bool) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0, "open \(path)")
        defer { close(descriptor) }
        let sink = FileDescriptorSink(fileDescriptor: descriptor, bypassingPageCache: bypassing)
        var directAfterFirst = false
        for (index, chunk) in chunks.enumerated() {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk.bytes.count + chunk.offsetInBuffer, alignment: 4096)
            defer { buffer.deallocate() }
            let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[chunk.offsetInBuffer...])
            chunk.bytes.withUnsafeBytes { slice.copyMemory(from: $0) }
            try sink.write(UnsafeRawBufferPointer(slice))
            if index == 0 { directAfterFirst = sink.isDirect }
        }
        #expect(!sink.isDirect, "after an unaligned chunk every later write goes through the cache")
        #expect(fsync(descriptor) == 0)
        return (try Data(contentsOf: URL(fileURLWithPath: path)), directAfterFirst)
    }

    @Test func pastTheCacheAndThroughItTheFileHoldsTheSameBytes() async throws {
        let directory = try TemporaryDirectory()
        let chunks = Self.chunks(seed: 11)
        let expected = Data(chunks.flatMap(\.bytes))
        let (direct, wasDirect) = try Self.write(chunks, to: directory.path("direct.bin"), bypassing: true)
        let (cached, cachedWasDirect) = try Self.write(chunks, to: directory.path("cached.bin"), bypassing: false)
        #expect(direct == expected)
        #expect(cached == expected)
        #expect(!cachedWasDirect)
        // The test's own disk: Linux filesystems that take direct I/O must get it.
        let filesystem = try await Commands.run("/usr/bin/stat", ["-f", "-c", "%T", directory.path("direct.bin")])
        if ["ext2/ext3", "xfs", "btrfs"].contains(filesystem.trimmingCharacters(in: .whitespacesAndNewlines)) {
            #expect(wasDirect, "an aligned chunk to a file on \(filesystem) went through the page cache")
        }
    }

    @Test func onTmpfsWhateverItAllowsTheBytesArrive() throws {
        guard FileManager.default.fileExists(atPath: "/dev/shm") else { return }
        let path = "/dev/shm/ferry-sink-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).bin"
        defer { unlink(path) }
        let chunks = Self.chunks(seed: 12)
        let (written, _) = try Self.write(chunks, to: path, bypassing: true)
        #expect(written == Data(chunks.flatMap(\.bytes)))
    }

    @Test func aPipeIsNeverOpenedForDirectIO() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let sink = FileDescriptorSink(fileDescriptor: ends[1], bypassingPageCache: true)
        #expect(!sink.isDirect, "O_DIRECT on a pipe would make it a packet pipe")
        let message = Array("through the pipe, aligned or not\n".utf8)
        try message.withUnsafeBytes { try sink.write($0) }
        close(ends[1])
        var received = [UInt8](repeating: 0, count: 256)
        let count = read(ends[0], &received, received.count)
        #expect(Array(received.prefix(max(count, 0))) == message)
    }
}
