import DurableFiles
import FerryTestSupport
import Foundation
import Testing

/// A DurableFile's destination only ever names a complete file from one writer.
@Suite struct DurableFileTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() }

    @Test func theDestinationAppearsOnlyOnCommitAndNoTemporaryRemains() throws {
        let destination = directory.path("day.csv")
        let file = try DurableFile(destination: destination)
        try file.write(Array("a,b\r\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: destination), "nothing under the final name before commit")
        #expect(try names() == [(file.temporaryPath as NSString).lastPathComponent])
        try file.commit()
        #expect(FileManager.default.contents(atPath: destination) == Data("a,b\r\n".utf8))
        #expect(try names() == ["day.csv"])
    }

    @Test func aDiscardedFileLeavesTheOldDestinationUntouched() throws {
        let destination = directory.path("day.csv")
        try Data("old".utf8).write(to: URL(fileURLWithPath: destination))
        do {
            let file = try DurableFile(destination: destination)
            try file.write(Array("new, but never finished".utf8))
            // Released without commit (a thrown error on the way): the temporary goes with it.
        }
        #expect(FileManager.default.contents(atPath: destination) == Data("old".utf8))
        #expect(try names() == ["day.csv"])
    }

    @Test func twoWritersOfOneDestinationNeverShareATemporary() throws {
        let destination = directory.path("x/y/day.cdf")
        let first = try DurableFile(destination: destination)
        let second = try DurableFile(destination: destination)
        #expect(first.temporaryPath != second.temporaryPath)
        try first.write(Array(repeating: 1, count: 1000))
        try second.write(Array(repeating: 2, count: 10))
        try second.commit()
        try first.commit()
        #expect(FileManager.default.contents(atPath: destination) == Data(repeating: 1, count: 1000), "the last commit wins, whole")
    }

    @Test func concurrentProcessesCommittingOneDestinationLeaveOneWholeFile() async throws {
        // Eight processes write 3 MB each (distinct contents) to the same name at once.
        let destination = directory.path("shared.bin")
        let probe = BuiltProducts.path("durable-files-probe")
        let size = 3_000_000
        let children = try (0..<8).map { seed in
            try ChildProcess(probe, ["commit", destination, "\(size)", "\(seed)"], outputPrefix: directory.path("probe-\(seed)"))
        }
        for child in children { #expect(await child.wait() == 0, "\(child.stderrText)") }
        let bytes = try #require(FileManager.default.contents(atPath: destination))
        #expect(bytes.count == size)
        let seed = bytes[0]
        #expect(bytes == Data((0..<size).map { UInt8(truncatingIfNeeded: $0) &+ seed }), "one writer's bytes, not a mix")
        #expect(try names() == ["probe-0.err", "probe-0.out", "probe-1.err", "probe-1.out", "probe-2.err", "probe-2.out",
                                "probe-3.err", "probe-3.out", "probe-4.err", "probe-4.out", "probe-5.err", "probe-5.out",
                                "probe-6.err", "probe-6.out", "probe-7.err", "probe-7.out", "shared.bin"])
    }
}
