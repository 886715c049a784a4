import ArgumentParser
import Foundation
import Packaging
import SQLDatabase
import SQLDatabaseBackends
import Staging
import WorkQueue

/// `--database URL`, shared by every command that keeps state in the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"),
            help: ArgumentHelp("sqlite:PATH or postgres://user:password@host:port/database (default: $FERRY_DATABASE_URL, else sqlite:ferry.db).",
                               valueName: "url"))
    var url: String?

    /// The database URL in force: the option, the environment, or the default.
    func resolvedURL() throws -> DatabaseURL {
        let text = url ?? ProcessInfo.processInfo.environment["FERRY_DATABASE_URL"]
        guard let text, !text.isEmpty else { return DatabaseURL.defaultURL }
        do {
            return try DatabaseURL(parsing: text)
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
    }

    /// Opens the database and brings its schema up to date (the work queue's and packaging's
    /// tables, staging's); an unreachable database or a wrong password is a configuration error (exit 2).
    func open() async throws -> any SQLDatabase {
        let url = try resolvedURL()
        let database: any SQLDatabase
        do {
            database = try url.open()
            try await SchemaMigrator.migrate(database, WorkQueueSchema.migrations + PackagingSchema.migrations + StagingSchema.migrations)
        } catch let error as SQLDatabaseError {
            throw CommandFailure.configuration("\(error)")
        }
        return database
    }
}

/// Runs `body` with the database open, closing it afterwards.
func withDatabase<T>(_ options: DatabaseOptions, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
    let database = try await options.open()
    do {
        let result = try await body(database)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

/// Maps the packaging and database errors a command cannot get past to exit codes: input and
/// configuration 2, anything else as it is.
func reportingPackagingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as PackagingError {
        throw CommandFailure.configuration(error.description)
    } catch let error as SQLDatabaseError {
        throw CommandFailure.configuration(error.description)
    }
}

/// The name of this host, as workers and locations use it.
func thisHostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
