import FerryTestSupport
import Testing

/// The throwaway cluster scripts/test starts: a test gets a database of its own, which exists
/// while the test runs and is gone afterwards, whatever the test did.
@Suite struct TestPostgresTests {
    @Test func freshDatabaseExistsOnlyWhileTheBodyRuns() async throws {
        let name = try await TestPostgres.withFreshDatabase { url in
            #expect(try await TestPostgres.psql("select 1", url: url) == "1")
            return try await TestPostgres.psql("select current_database()", url: url)
        }
        #expect(name.hasPrefix("ferry_test_"))
        #expect(try await Self.databaseCount(named: name) == "0")
    }

    @Test func freshDatabaseIsDroppedWhenTheBodyThrows() async throws {
        struct Planned: Error {}
        var name = ""
        await #expect(throws: Planned.self) {
            try await TestPostgres.withFreshDatabase { url in
                name = try await TestPostgres.psql("select current_database()", url: url)
                #expect(try await Self.databaseCount(named: name) == "1")
                throw Planned()
            }
        }
        #expect(!name.isEmpty)
        #expect(try await Self.databaseCount(named: name) == "0")
    }

    @Test func freshDatabasesAreDistinctAndWritable() async throws {
        try await TestPostgres.withFreshDatabase { first in
            try await TestPostgres.withFreshDatabase { second in
                #expect(first != second)
                try await TestPostgres.psql("create table t (x int); insert into t values (7)", url: first)
                #expect(try await TestPostgres.psql("select x from t", url: first) == "7")
                #expect(try await TestPostgres.psql("select count(*) from pg_tables where tablename = 't'", url: second) == "0")
            }
        }
    }

    static func databaseCount(named name: String) async throws -> String {
        try await TestPostgres.psql("select count(*) from pg_database where datname = '\(name)'",
                                    url: try TestPostgres.serverURL())
    }
}
