/// Where the database is: `sqlite:PATH` or `postgres://user:password@host:port/database`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// The default when neither `--database` nor `FERRY_DATABASE_URL` is given.
    public static let defaultURL = DatabaseURL.sqlite(path: "ferry.db")

    /// Parses `text`; the error repeats the URL with its password hidden.
    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }  // sqlite:///abs/path and sqlite://rel both mean a path
            guard !path.isEmpty else { throw SQLDatabaseError.invalidURL(text, reason: "no file path after sqlite:") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(parsing: text))
        } else {
            throw SQLDatabaseError.invalidURL(PostgresAddress.redacting(text), reason: "unknown scheme")
        }
    }

    /// The URL with any password replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let address): return address.description
        }
    }
}

/// A PostgreSQL server, role and database.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// libpq's `sslmode` (default `prefer`, as libpq's).
    public var sslMode: SSLMode = .prefer
    /// libpq's `sslrootcert`: the CA certificates (PEM) `verify-ca` and `verify-full` trust; the
    /// system's when absent.
    public var sslRootCertificate: String?

    /// How a connection uses TLS, as libpq's `sslmode` says it.
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        /// Never.
        case disable
        /// When the server offers it, without checking its certificate (libpq's `allow` and `prefer`).
        case prefer
        /// Always, without checking the certificate.
        case require
        /// Always, with a certificate signed by a trusted CA.
        case verifyCA = "verify-ca"
        /// Always, with a trusted certificate for the host name connected to.
        case verifyFull = "verify-full"
    }

    init(parsing text: String) throws {
        let redacted = Self.redacting(text)
        let rest = text.drop(while: { $0 != ":" }).dropFirst(3)  // after "://"
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var database = String(rest[authorityEnd...].dropFirst())
        var parameters: [String: String] = [:]
        if let query = database.firstIndex(of: "?") {
            for pair in database[database.index(after: query)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                parameters[Self.percentDecoded(String(parts[0]))] = parts.count > 1 ? Self.percentDecoded(String(parts[1])) : ""
            }
            database = String(database[..<query])
        }
        var hostPart = Substring(authority)
        var user = "postgres"
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            hostPart = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = Self.percentDecoded(String(credentials[..<colon]))
                password = Self.percentDecoded(String(credentials[credentials.index(after: colon)...]))
            } else {
                user = Self.percentDecoded(String(credentials))
            }
        }
        var host = String(hostPart)
        var port = 5432
        if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasSuffix("]") {
            guard let parsed = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw SQLDatabaseError.invalidURL(redacted, reason: "the port is not a number from 1 to 65535")
            }
            port = parsed
            host = String(hostPart[..<colon])
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw SQLDatabaseError.invalidURL(redacted, reason: "no host") }
        guard !database.isEmpty else { throw SQLDatabaseError.invalidURL(redacted, reason: "no database name after the host") }
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = Self.percentDecoded(database)
        // Other parameters (application_name, connect_timeout, …) are libpq's tuning: not needed here.
        if let mode = parameters["sslmode"] {
            switch mode {
            case "disable": sslMode = .disable
            case "allow", "prefer": sslMode = .prefer
            default:
                guard let known = SSLMode(rawValue: mode) else {
                    throw SQLDatabaseError.invalidURL(redacted, reason: "sslmode \(mode) is not one of disable, allow, prefer, require, verify-ca, verify-full")
                }
                sslMode = known
            }
        }
        sslRootCertificate = parameters["sslrootcert"]
    }

    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// `text` with anything that may be a password replaced by `***`, for error messages about URLs
    /// that did not parse: whatever follows the first `:` of the part before the last `@` (after the
    /// scheme, however its slashes were mistyped), or with no `@`, the first `:` of the host part
    /// (`postgres://user:secret` forgot its host, and reads as a port that is not a number).
    static func redacting(_ text: String) -> String {
        var start = text.startIndex
        if let colon = text.firstIndex(of: ":"), !text[..<colon].isEmpty,
           text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            start = text.index(after: colon)
            while start < text.endIndex, text[start] == "/" { start = text.index(after: start) }
        }
        let end = text[start...].lastIndex(of: "@") ?? text[start...].firstIndex(of: "/") ?? text.endIndex
        guard let colon = text[start..<end].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[end...])
    }

    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
