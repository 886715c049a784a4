#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryTestSupport
import Foundation
import Testing

/// `ferry sim udl` as an operator runs it: a real process that serves until SIGTERM or SIGINT, then
/// closes its port and exits 0.
@Suite struct SimCommandTests {
    let ferry = BuiltProducts.path("ferry")

    @Test(arguments: [SIGTERM, SIGINT])
    func shutsDownGracefullyOnSignal(signal: Int32) async throws {
        let port = try await RunningProcess.withRunning(ferry, ["sim", "udl", "--port", "0", "--density", "0.01"],
                                                        environment: ["PATH": "/usr/bin:/bin"]) { child in
            let announced = await child.firstLine(containing: "UDL simulator at", within: .seconds(60))
            let line = try #require(announced, "no address announced; stderr: \(child.standardError)")
            let port = try #require(line.split(separator: ":").last.flatMap { Int($0) }, "no port in \(line)")
            #expect(Loopback.accepts(port: port), "the simulator announced port \(port) but does not listen")

            child.send(signal)
            let ended = await child.termination(within: .seconds(20))
            #expect(ended == .exited(0), "after signal \(signal): \(ended.map { "\($0)" } ?? "still running"); stderr: \(child.standardError)")
            return port
        }
        #expect(!Loopback.accepts(port: port), "port \(port) still accepts connections after the simulator ended")
        #expect(Loopback.canListen(port: port), "port \(port) cannot be bound again after the simulator ended")
    }

    @Test func stationSimulatorAnnouncesItsCredentialsAndStopsOnSIGTERM() async throws {
        let port = try await RunningProcess.withRunning(ferry, ["sim", "station", "--kind", "cadip", "--port", "0", "--auth", "apikey",
                                                                "--files", "3", "--file-size", "1000"],
                                                        environment: ["PATH": "/usr/bin:/bin"]) { child in
            let announced = await child.firstLine(containing: "CADIP station simulator at", within: .seconds(60))
            let line = try #require(announced, "no address announced; stderr: \(child.standardError)")
            let port = try #require(line.split(separator: ":").last.flatMap { Int($0) }, "no port in \(line)")
            let key = await child.firstLine(containing: "FERRY_STATION_API_KEY=", within: .seconds(10))
            #expect(key != nil, "the API key to export was not printed")
            #expect(Loopback.accepts(port: port), "the simulator announced port \(port) but does not listen")
            child.send(SIGTERM)
            let ended = await child.termination(within: .seconds(20))
            #expect(ended == .exited(0), "after SIGTERM: \(ended.map { "\($0)" } ?? "still running"); stderr: \(child.standardError)")
            return port
        }
        #expect(!Loopback.accepts(port: port), "port \(port) still accepts connections after the simulator ended")
    }
}

/// TCP probes of 127.0.0.1.
enum Loopback {
    /// Whether something accepts a connection on `port`.
    static func accepts(port: Int) -> Bool {
        withSocket(port: port) { fd, address in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }
    }

    /// Whether a new listener can take `port` (with SO_REUSEADDR, as the simulator binds): true only
    /// when no socket listens there any more.
    static func canListen(port: Int) -> Bool {
        withSocket(port: port) { fd, address in
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            return bound && listen(fd, 1) == 0
        }
    }

    private static func withSocket(port: Int, _ body: (Int32, inout sockaddr_in) -> Bool) -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return body(fd, &address)
    }
}
