import Foundation
import JSONValue
import Logging
import NIOHTTP1
import Stations
import Synchronization

/// The simulated station's behaviour for one request, apart from the network: auth, faults, the
/// OData query, which bytes to stream. Shared by every connection; its counters are the truth tests
/// compare against.
final class StationService: Sendable {
    let configuration: StationSimulatorConfiguration
    let archive: StationArchive
    let logger: Logger
    private let state = Mutex(State())
    static let tokenPath = "/oauth2/token"

    struct State {
        var stats = StationStats()
        /// Requests counted towards ``StationFaults/serviceUnavailableFirst``.
        var faultableRequests = 0
        /// Uses left per issued token (Int.max when tokens never wear out).
        var tokens: [String: Int] = [:]
        var tokenSerial = 0
        /// Downloads started per file id, for ``StationFaults/droppedDownloads``.
        var downloadsByFile: [String: Int] = [:]
    }

    /// What to do with one request.
    enum Plan {
        case respond(status: Int, headers: [(String, String)], body: String)
        /// Stream a file's bytes; with `cutAfter`, close the connection after that many bytes.
        case stream(ArchiveEntry, cutAfter: Int64?)
    }

    init(configuration: StationSimulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        archive = StationArchive(configuration)
        self.logger = logger
    }

    var stats: StationStats { state.withLock { $0.stats } }

    func plan(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: String) -> Plan {
        let questionMark = uri.firstIndex(of: "?")
        let path = String(uri[..<(questionMark ?? uri.endIndex)])
        let query = questionMark.map { uri[uri.index(after: $0)...] } ?? ""
        let plan = decide(method: method, path: path, query: ODataQuery.parameters(query), headers: headers, body: body)
        state.withLock { state in
            state.stats.requests += 1
            if headers[canonicalForm: "accept-encoding"].contains(where: { $0.lowercased().contains("gzip") || $0.lowercased().contains("deflate") }) {
                state.stats.compressionAsked += 1
            }
            state.stats.paths.append(uri)
            if state.stats.paths.count > 1000 { state.stats.paths.removeFirst() }
            switch plan {
            case let .respond(status, _, _): state.stats.byStatus["\(status)", default: 0] += 1
            case .stream: state.stats.byStatus["200", default: 0] += 1
            }
        }
        logger.debug("served", metadata: ["method": "\(method.rawValue)", "path": "\(path)"])
        return plan
    }

    /// Counts file bytes as a connection takes them.
    func sent(_ bytes: Int) {
        state.withLock { $0.stats.bytesSent += Int64(bytes) }
    }

    func downloadEnded(completed: Bool) {
        state.withLock { state in
            if completed { state.stats.downloadsCompleted += 1 } else { state.stats.downloadsDropped += 1 }
        }
    }

    private func decide(method: HTTPMethod, path: String, query: [String: String], headers: HTTPHeaders, body: String) -> Plan {
        if path == Self.tokenPath {
            guard method == .POST else { return error(405, "the token endpoint takes POST") }
            return grant(ODataQuery.parameters(Substring(body)))
        }
        let unavailable = state.withLock { state in
            state.faultableRequests += 1
            return state.faultableRequests <= configuration.faults.serviceUnavailableFirst
        }
        if unavailable {
            return .respond(status: 503, headers: [("Retry-After", "\(configuration.faults.serviceUnavailableRetryAfterSeconds)")],
                            body: #"{"error": "Service Unavailable"}"#)
        }
        guard method == .GET else { return error(405, "only GET is served") }
        if let refusal = authorizationRefusal(headers) { return refusal }
        let chunks = configuration.kind.servesChunks
        switch path {
        case "/Products" where !chunks, "/Files" where chunks:
            return collection(query, entitySet: String(path.dropFirst())) { matching, query in
                Array(matching[query.skipRange(matching.count)]).map { self.archive.entity($0, withChecksum: true) }
            }
        case "/Sessions" where chunks:
            return sessions(query)
        default:
            break
        }
        if let id = Self.id(in: path, entitySet: chunks ? "Files" : "Products") {
            guard let entry = archive.entry(id: id) else { return error(404, "no such file") }
            if chunks {
                // CADIP hands the bytes out from another place: answer where.
                let base = configuration.downloadBaseURL ?? "http://\(headers.first(name: "host") ?? "127.0.0.1")"
                return .respond(status: 307, headers: [("Location", "\(base)/download/\(Self.encoded(entry.id))")], body: "")
            }
            return startDownload(entry)
        }
        if chunks, path.hasPrefix("/download/") {
            let id = ODataQuery.percentDecoded(String(path.dropFirst("/download/".count)))
            guard let entry = archive.entry(id: id) else { return error(404, "no such file") }
            return startDownload(entry)
        }
        return error(404, "no such resource")
    }

    private func collection(_ parameters: [String: String], entitySet: String,
                            _ page: ([ArchiveEntry], ODataQuery) -> [JSONValue]) -> Plan {
        var query: ODataQuery
        do { query = try ODataQuery(parameters) } catch { return self.error(400, error.message) }
        if let cap = configuration.faults.pageSizeCap { query.top = min(query.top, cap) }
        let matching = ordered(archive.entries.filter { query.matches(archive.entity($0, withChecksum: false)) }, query)
        var answer: [String: JSONValue] = ["@odata.context": .string("$metadata#\(entitySet)"), "value": .array(page(matching, query))]
        if query.count && !configuration.faults.countOmitted { answer["@odata.count"] = .integer(Int64(matching.count)) }
        let served = query.skipRange(matching.count)
        if configuration.faults.nextLinks, served.upperBound < matching.count, let cap = configuration.faults.pageSizeCap,
           served.count == cap {
            // Server-driven paging as OData v4 does it: the rest of the answer is one link away.
            var next = parameters
            next["$skip"] = String(served.upperBound)
            answer["@odata.nextLink"] = .string(entitySet + "?" + next.sorted { $0.key < $1.key }
                .map { "\($0.key)=\(Self.encoded($0.value))" }.joined(separator: "&"))
        }
        return json(.object(answer))
    }

    private func sessions(_ parameters: [String: String]) -> Plan {
        let query: ODataQuery
        do { query = try ODataQuery(parameters) } catch { return self.error(400, error.message) }
        let all = archive.sessionEntities(archive.entries, withFiles: false)
        let matchingIDs = Set(all.filter(query.matches).compactMap { $0["SessionId"]?.stringValue })
        let entries = archive.entries.filter { matchingIDs.contains($0.sessionID) }
        var sessions = archive.sessionEntities(entries, withFiles: query.expand?.contains("Files") == true)
        if query.orderBy.descending { sessions.reverse() }
        var answer: [String: JSONValue] = ["@odata.context": "$metadata#Sessions", "value": .array(Array(sessions[query.skipRange(sessions.count)]))]
        if query.count { answer["@odata.count"] = .integer(Int64(sessions.count)) }
        return json(.object(answer))
    }

    private func ordered(_ entries: [ArchiveEntry], _ query: ODataQuery) -> [ArchiveEntry] {
        let sorted = query.orderBy.field == "Name" ? entries.sorted { $0.name < $1.name } : entries
        return query.orderBy.descending ? sorted.reversed() : sorted
    }

    private func startDownload(_ entry: ArchiveEntry) -> Plan {
        let cut: Int64? = state.withLock { state in
            state.stats.downloadsStarted += 1
            state.downloadsByFile[entry.id, default: 0] += 1
            guard let dropped = configuration.faults.droppedDownloads,
                  state.downloadsByFile[entry.id]! <= dropped.downloads else { return nil }
            return Int64(dropped.afterBytes)
        }
        return .stream(entry, cutAfter: cut)
    }

    private func authorizationRefusal(_ headers: HTTPHeaders) -> Plan? {
        switch configuration.auth {
        case .none:
            return nil
        case let .apiKey(header, value):
            return headers.first(name: header) == value ? nil : error(401, "a valid API key is required")
        case .oauth2:
            guard let authorization = headers.first(name: "authorization"), authorization.hasPrefix("Bearer ") else {
                return error(401, "a bearer token is required")
            }
            let token = String(authorization.dropFirst("Bearer ".count))
            let accepted = state.withLock { state in
                guard let left = state.tokens[token], left > 0 else { return false }
                state.tokens[token] = left == Int.max ? left : left - 1
                return true
            }
            return accepted ? nil : error(401, "the token is invalid or expired")
        }
    }

    private func grant(_ form: [String: String]) -> Plan {
        guard case let .oauth2(username, password, clientID, clientSecret) = configuration.auth else {
            return error(404, "this station takes no tokens")
        }
        guard form["grant_type"] == "password" else { return error(400, "unsupported_grant_type") }
        guard form["username"] == username, form["password"] == password, form["client_id"] == clientID,
              clientSecret == nil || form["client_secret"] == clientSecret else {
            return .respond(status: 401, headers: [], body: #"{"error": "invalid_grant"}"#)
        }
        let token = state.withLock { state in
            state.tokenSerial += 1
            state.stats.tokensIssued += 1
            var generator = UInt64(state.tokenSerial) &* 0x9E37_79B9_7F4A_7C15
            let token = "sim-\(state.tokenSerial)-\(String(SplitMix.next(&generator), radix: 36))"
            state.tokens[token] = configuration.faults.tokenExpiresAfterRequests ?? Int.max
            return token
        }
        return json(["access_token": .string(token), "token_type": "Bearer", "expires_in": .integer(Int64(configuration.tokenLifetimeSeconds))])
    }

    private func json(_ value: JSONValue) -> Plan {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return .respond(status: 200, headers: [], body: body)
    }

    private func error(_ status: Int, _ message: String) -> Plan {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return .respond(status: status, headers: [], body: "{\"error\": {\"code\": \"\(status)\", \"message\": \"\(escaped)\"}}")
    }

    /// The decoded key of `/<entitySet>(<key>)/$value`, nil for any other path.
    static func id(in path: String, entitySet: String) -> String? {
        let prefix = "/\(entitySet)(", suffix = ")/$value"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.count > prefix.count + suffix.count else { return nil }
        var key = ODataQuery.percentDecoded(String(path.dropFirst(prefix.count).dropLast(suffix.count)))
        if key.hasPrefix("'"), key.hasSuffix("'"), key.count >= 2 { key = String(key.dropFirst().dropLast()) }   // a quoted key
        return key
    }

    static func encoded(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? id
    }
}

extension ODataQuery {
    /// The indices `$skip` and `$top` select among `count` results.
    func skipRange(_ count: Int) -> Range<Int> {
        let lower = min(skip, count)
        return lower..<min(count, lower + top)
    }
}
