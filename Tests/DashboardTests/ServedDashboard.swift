import Foundation
import FerryTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `ferry serve` child process for one test: started, awaited until it prints its address,
/// always stopped (SIGTERM) and reaped before `withRunning` returns.
struct ServedDashboard {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    let baseURL: String
    let process: ChildProcess

    static func withRunning<T>(_ arguments: [String], environment: [String: String]? = nil, in directory: TemporaryDirectory,
                               isolation: isolated (any Actor)? = #isolation,
                               _ body: (ServedDashboard) async throws -> T) async throws -> T {
        let process = try ChildProcess(BuiltProducts.path("ferry"), ["serve", "--port", "0"] + arguments,
                                       environment: environment, outputPrefix: directory.path("serve-\(UUID().uuidString)"))
        let result: T
        do {
            var address: String?
            _ = try await ChildProcess.eventually(timeout: .seconds(60)) {
                address = process.stdoutText.split(separator: "\n").first { $0.hasPrefix("ferry serve: http://") }
                    .map { String($0.dropFirst("ferry serve: ".count).dropLast()) }
                return address != nil
            }
            guard let address else { throw ServeDidNotStart(stderr: process.stderrText) }
            result = try await body(ServedDashboard(baseURL: address, process: process))
        } catch {
            process.kill(SIGTERM)
            _ = await process.wait()
            throw error
        }
        process.kill(SIGTERM)
        _ = await process.wait()
        return result
    }

    struct ServeDidNotStart: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "ferry serve printed no address: \(stderr)" }
    }

    /// GETs `path`; returns the status and body.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// GETs `path` and decodes its JSON.
    func json(_ path: String) async throws -> Any {
        let (status, body) = try await get(path)
        guard status == 200 else { throw UnexpectedStatus(path: path, status: status, body: body) }
        return try JSONSerialization.jsonObject(with: Data(body.utf8))
    }

    /// GETs `path` until its JSON object satisfies `condition` (up to 20 s), and returns it.
    func jsonWhen(_ path: String, _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let object = try await json(path) as? [String: Any] ?? [:]
            if condition(object) || ContinuousClock.now > deadline { return object }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    struct UnexpectedStatus: Error, CustomStringConvertible {
        let path: String
        let status: Int
        let body: String
        var description: String { "GET \(path): \(status) \(body.prefix(200))" }
    }
}

/// The `href` values of a DOM, in order.
func hrefs(in dom: String) -> [String] {
    var found: [String] = []
    var rest = dom[...]
    while let range = rest.range(of: "href=\"") {
        rest = rest[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { break }
        found.append(String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
        rest = rest[end...]
    }
    return found
}

/// How many times `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
