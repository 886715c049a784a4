public import SQLDatabase
import Dispatch
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import NIOSSL
import Synchronization

/// A PostgreSQL database (through postgres-nio) that managers and workers on many hosts share.
///
/// Transactions run on a Dispatch thread that waits for each statement's answer, so code above
/// writes its SQL once for both databases and Swift's two cooperative threads never block. Idle
/// connections are kept for the next transaction; a broken one is dropped and the error is
/// `SQLDatabaseError.unreachable`, which callers wait out. A transaction that loses a deadlock or
/// serialization check is run again from the start (its body is a plain function of the database).
public final class PostgresDatabase: SQLDatabase {
    public let description: String
    public var dialect: SQLDialect { .postgres }
    private let configuration: PostgresConnection.Configuration
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(0)
    private let logger: Logger

    /// A database at `address`; nothing is connected until the first transaction.
    public init(address: PostgresAddress) throws {
        description = address.description
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: try Self.tls(for: address))
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
        var logger = Logger(label: "ferry.postgres")
        logger.logLevel = .critical  // postgres-nio logs queries at debug; they may carry values
        self.logger = logger
    }

    /// The TLS of the URL's `sslmode`, as libpq reads it: `prefer` (the default) encrypts when the
    /// server offers it, `require` always, `verify-ca`/`verify-full` also check the certificate
    /// (against `sslrootcert` when given).
    static func tls(for address: PostgresAddress) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch address.sslMode {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let root = address.sslRootCertificate { tls.trustRoots = .file(root) }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw SQLDatabaseError.invalidURL(address.description, reason: "no TLS context for sslmode \(address.sslMode.rawValue): \(error)")
        }
        return address.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN", body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    public func close() async {
        let connections = idle.withLock { connections in
            defer { connections.removeAll() }
            return connections
        }
        for connection in connections { try? await connection.close() }
    }

    private func transaction<T: Sendable>(begin: String, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.runTransaction(begin: begin, body) })
            }
        }
    }

    /// Blocking: runs on a Dispatch thread only.
    private func runTransaction<T>(begin: String, _ body: (any SQLConnection) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try checkOut()
            let session = PostgresSession(connection: connection, logger: logger, database: description)
            do {
                try session.execute(begin, [])
                let value = try body(session)
                try session.execute("COMMIT", [])
                checkIn(connection)
                return value
            } catch {
                if session.isBroken {
                    Self.discard(connection)
                } else {
                    do {
                        try session.execute("ROLLBACK", [])
                        checkIn(connection)
                    } catch {
                        Self.discard(connection)
                    }
                }
                if session.lastErrorWasConflict && attempt < 5 { continue }
                throw error
            }
        }
    }

    private func checkOut() throws -> PostgresConnection {
        if let connection = idle.withLock({ $0.popLast() }), !connection.isClosed { return connection }
        let id = nextID.wrappingAdd(1, ordering: .relaxed).newValue
        do {
            return try Self.connected(PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
            ), within: Self.connectTimeout)
        } catch {
            throw SQLDatabaseError.unreachable(database: description, reason: PostgresSession.reason(error))
        }
    }

    /// How long connecting may take, the startup handshake included. postgres-nio bounds only the
    /// TCP connect: a server (or a proxy) that accepts and then says nothing would hold a worker
    /// at start for ever.
    static let connectTimeout = TimeAmount.seconds(10)

    /// Waits for a connection at most `timeout`; one that arrives later is closed.
    static func connected(_ future: EventLoopFuture<PostgresConnection>, within timeout: TimeAmount) throws -> PostgresConnection {
        let loop = future.eventLoop
        let promise = loop.makePromise(of: PostgresConnection.self)
        let outcome = AnswerOutcome()
        let timer = loop.scheduleTask(in: timeout) {
            guard outcome.settle() else { return }
            promise.fail(NoAnswer(seconds: timeout.nanoseconds / 1_000_000_000))
        }
        future.whenComplete { result in
            guard outcome.settle() else {
                if case .success(let late) = result { late.close().whenComplete { _ in _ = late } }
                return
            }
            timer.cancel()
            promise.completeWith(result)
        }
        return try promise.futureResult.wait()
    }

    /// Closes a connection that can no longer be trusted and waits until it is closed (this runs on a
    /// Dispatch thread): a connection let go while its channel is still open trips postgres-nio's
    /// "deinitialized before being closed" assertion, which killed debug-built workers whose
    /// database went away mid-transaction.
    private static func discard(_ connection: PostgresConnection) {
        try? connection.close().wait()
    }

    private func checkIn(_ connection: PostgresConnection) {
        idle.withLock { $0.append(connection) }
    }
}

/// One connection inside one transaction. Not shared between threads.
final class PostgresSession: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    let database: String
    private(set) var isBroken = false
    private(set) var lastErrorWasConflict = false
    var dialect: SQLDialect { .postgres }

    init(connection: PostgresConnection, logger: Logger, database: String) {
        self.connection = connection
        self.logger = logger
        self.database = database
    }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        let result = try run(sql, arguments)
        return result.metadata.rows ?? 0
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        return result.rows.map { row in
            var columns: [String] = []
            var values: [SQLValue] = []
            for cell in row {
                columns.append(cell.columnName)
                values.append(Self.value(of: cell))
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let number): binds.append(number)
            case .real(let number): binds.append(number)
            case .text(let text): binds.append(text)
            }
        }
        let rendered = dialect.render(sql)
        do {
            return try Self.answer(connection.query(PostgresQuery(unsafeSQL: rendered, binds: binds), logger: logger),
                                   on: connection, within: Self.answerTimeout)
        } catch let error as PSQLError where error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? ""
            lastErrorWasConflict = state == "40001" || state == "40P01"
            let reason = Self.reason(error)
            if state.hasPrefix("23") { throw SQLDatabaseError.constraintViolation(sql: sql, reason: reason) }
            if state.hasPrefix("08") || state.hasPrefix("57P") {
                isBroken = true
                throw SQLDatabaseError.unreachable(database: database, reason: reason)
            }
            throw SQLDatabaseError.statementFailed(sql: sql, reason: reason)
        } catch {
            isBroken = true
            throw SQLDatabaseError.unreachable(database: database, reason: Self.reason(error))
        }
    }

    /// How long a statement may go without an answer before its connection is given up. Ferry's
    /// statements take milliseconds; a fresh-clone CI run once saw a worker wait for ever on a
    /// connection whose database had just come back through a restarted proxy (both ends of the
    /// socket idle, postgres-nio's promise never completed).
    static let answerTimeout = TimeAmount.seconds(120)

    /// Waits for `future` at most `timeout`; past it the connection is closed and the wait fails,
    /// whatever state postgres-nio is in.
    static func answer<T: Sendable>(_ future: EventLoopFuture<T>, on connection: PostgresConnection,
                                    within timeout: TimeAmount) throws -> T {
        let loop = future.eventLoop
        let promise = loop.makePromise(of: T.self)
        let outcome = AnswerOutcome()
        let timer = loop.scheduleTask(in: timeout) {
            guard outcome.settle() else { return }
            promise.fail(NoAnswer(seconds: timeout.nanoseconds / 1_000_000_000))
            connection.close().whenComplete { _ in _ = connection }   // kept until closed (see discard)
        }
        future.whenComplete { result in
            guard outcome.settle() else { return }
            timer.cancel()
            promise.completeWith(result)
        }
        return try promise.futureResult.wait()
    }

    static func value(of cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2:
            return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
        case .float8, .float4:
            return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .numeric:
            if let text = try? cell.decode(String.self), let number = Double(text) { return .real(number) }
            return .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        default:
            return (try? cell.decode(String.self)).map(SQLValue.text) ?? .null
        }
    }

    /// A message for people: the server's own message, or the connection failure, never the
    /// configuration (which holds the password).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if let underlying = error.underlying { return "\(underlying)" }
            if error.code == .sslUnsupported { return "the server offers no TLS, and the URL's sslmode requires it" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// A statement that got no answer in time (the connection is then given up as broken).
struct NoAnswer: Error, CustomStringConvertible {
    let seconds: Int64
    var description: String { "no answer within \(seconds) s" }
}

/// Which of an answer and its timeout came first: only that one completes the wait.
final class AnswerOutcome: Sendable {
    private let settled = Atomic<Bool>(false)

    /// True for the first caller only.
    func settle() -> Bool {
        settled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
