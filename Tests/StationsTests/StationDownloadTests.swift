import AsyncHTTPClient
import Foundation
import NIOCore
import StationSimulator
import Stations
import Testing

@Suite struct StationDownloadTests {
    @Test(arguments: [StationKind.auxip, .cadip], [false, true])
    func downloadsAreByteExact(kind: StationKind, followingClient: Bool) async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(kind, files: 3, size: 300_000)) { simulator in
            let check: (HTTPClient) async throws -> Void = { httpClient in
                let client = StationFixture.client(simulator, httpClient: httpClient)
                let files = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
                #expect(files.count == 3)
                for file in files {
                    let (bytes, md5, _, length) = try await StationFixture.fetch(client, file)
                    #expect(bytes == 300_000 && length == 300_000)
                    #expect(md5 == simulator.archive.md5(of: file) && md5 == file.md5)
                }
            }
            if followingClient { try await check(.shared) } else { try await StationFixture.withNonRedirectingClient(check) }
            #expect(simulator.stats.downloadsCompleted == 3)
            #expect(simulator.stats.count(307) == (kind == .cadip ? 3 : 0))
        }
    }

    @Test func contentsAreAFunctionOfTheConfiguration() {
        let configuration = StationFixture.configuration(.cadip, files: 4, size: 70_000)
        let one = StationArchive(configuration), other = StationArchive(configuration)
        #expect(one.files == other.files)
        for (a, b) in zip(one.files, other.files) {
            #expect(one.contents(of: a) == other.contents(of: b) && one.contents(of: a).count == 70_000)
            #expect(one.md5(of: a) == b.md5)
        }
        #expect(one.contents(of: one.files[0]) != one.contents(of: one.files[1]))
    }

    @Test func aDroppedDownloadThrowsTransportFromTheSequenceAndTheNextOneWorks() async throws {
        let configuration = StationFixture.configuration(.auxip, files: 2, size: 300_000) {
            $0.faults.droppedDownloads = (afterBytes: 100_000, downloads: 1)
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let client = StationFixture.client(simulator)
            let file = simulator.archive.files[0]
            let (received, failure) = try await client.download(file) { download in
                var received = 0
                do {
                    for try await buffer in download { received += buffer.readableBytes }
                    return (received, nil as StationError?)
                } catch {
                    return (received, error as? StationError)
                }
            }
            guard case .transport = failure else { Issue.record("expected .transport from the sequence, got \(String(describing: failure))"); return }
            #expect(received <= 100_000)
            let (bytes, md5, _, _) = try await StationFixture.fetch(client, file)
            #expect(bytes == 300_000 && md5 == simulator.archive.md5(of: file))
            #expect(simulator.stats.downloadsDropped == 1 && simulator.stats.downloadsCompleted == 1)
        }
    }

    @Test func aWrongListedChecksumIsTheCallersToSee() async throws {
        let configuration = StationFixture.configuration(.cadip, files: 3) { config in
            config.faults.wrongChecksumNames = [StationArchive(config).files[1].name]
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let client = StationFixture.client(simulator)
            let files = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            let (_, md5, _, _) = try await StationFixture.fetch(client, files[1])
            #expect(md5 == simulator.archive.md5(of: files[1]) && md5 != files[1].md5)
            #expect(files[0].md5 == simulator.archive.md5(of: files[0]))
        }
    }

    @Test(arguments: [StationKind.auxip, .cadip])
    func pathTraversalNeverReachesAPathRaw(kind: StationKind) async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(kind)) { simulator in
            let client = StationFixture.client(simulator)
            let hostile = StationFile(id: "../../etc/passwd", name: "../../etc/passwd", size: nil, md5: nil, properties: [:])
            await #expect {
                _ = try await StationFixture.fetch(client, hostile)
            } throws: { error in
                guard case let .http(status, _, _) = error as? StationError else { return false }
                return status == 404
            }
            let paths = simulator.stats.paths
            #expect(paths.count == 1)
            #expect(paths.allSatisfy { !$0.contains("../") && !$0.contains("/etc/") }, "\(paths)")
        }
    }

    @Test func aLargeFileStreamsInBoundedMemory() async throws {
        let size: Int64 = 300_000_000
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip, files: 1, size: size)) { simulator in
            let client = StationFixture.client(simulator)
            // Listed by the station (which hashes the 300 MB on its own event loop, not on this test's threads).
            let file = try #require(try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: 1).first)
            // What the station has sent and this reader has not yet seen sits in buffers (the
            // station's channel, the sockets, the client's stream): bounded streaming keeps that small
            // whatever the file's size. Counted, not read off the process's memory, which the tests
            // running beside this one share.
            let sentBefore = simulator.stats.bytesSent
            let (bytes, chunks, mostInFlight): (Int64, Int, Int64) = try await client.download(file) { download in
                var bytes: Int64 = 0, chunks = 0, mostInFlight: Int64 = 0
                for try await buffer in download {
                    bytes += Int64(buffer.readableBytes)
                    chunks += 1
                    if chunks % 64 == 0 {
                        mostInFlight = max(mostInFlight, simulator.stats.bytesSent - sentBefore - bytes)
                        // A slow reader: the station must wait for it rather than queue the file.
                        if chunks % 1024 == 0 { try await Task.sleep(for: .milliseconds(50)) }
                    }
                }
                return (bytes, chunks, mostInFlight)
            }
            #expect(bytes == size)
            #expect(chunks > 1000, "the file arrived in \(chunks) pieces")
            #expect(mostInFlight < 32_000_000, "at most \(mostInFlight) bytes were sent and not yet read, of a \(size)-byte file")
        }
    }
}
