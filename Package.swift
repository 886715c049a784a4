// swift-tools-version: 6.1
// Ferry: moves space-science mission data from archives to science-ready storage.
// Layers (dependencies point down only) are described in DESIGN.md:
//   ferry (CLI) → Pipeline → UDL · REACH · ObjectStore(S3) · Telemetry · AWS · Catalog (STAC)
//     → REACHMission · UDLRecordFormat · HTTPRetry · FerryErrors · CDF · CSVCodec · TarArchive · DurableFiles · UTCDate
import PackageDescription

// Every target: a file sees only the modules it imports itself, and an import is internal unless a
// public declaration needs it (SE-0444, SE-0409), so Package.swift lists every module a target uses.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "Telemetry", targets: ["Telemetry"]),
        .library(name: "CSVCodec", targets: ["CSVCodec"]),
        .library(name: "UTCDate", targets: ["UTCDate"]),
        .library(name: "CDF", targets: ["CDF"]),
        .library(name: "DurableFiles", targets: ["DurableFiles"]),
        .library(name: "TarArchive", targets: ["TarArchive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Calendar days in UTC and Python-compatible ISO date parsing.
        .target(name: "UTCDate"),
        // Files that appear whole or not at all (temporary name, fsync, rename, fsync folder),
        // removal of what killed writers left, and advisory lock files.
        .target(name: "DurableFiles"),
        // zlib from the system (zlib1g-dev), for CDF's GZIP compression; swift-crypto gives its MD5.
        .systemLibrary(name: "CZlib"),
        // A pure-Swift CDF v3 reader and writer (useful on its own: beside system libraries and swift-crypto
        // it needs only DurableFiles, which has no dependency at all).
        .target(name: "CDF", dependencies: ["CZlib", "DurableFiles", .product(name: "Crypto", package: "swift-crypto")]),
        // Facts about the REACH constellation: sensors, flavors, hosting vehicles.
        .target(name: "REACHMission", dependencies: ["UTCDate"]),
        // RFC 4180 CSV, byte-compatible with Python's csv module (excel dialect).
        .target(name: "CSVCodec"),
        // The append-only telemetry ledger of seed 001.
        // Blocking work (file I/O, fsync, lock waits) moved off Swift's cooperative pool.
        .target(name: "OffPool"),
        .target(name: "Telemetry", dependencies: [
            "CSVCodec", "DurableFiles", "FerryErrors",
            "UTCDate",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // How UDL records are written: JSON and Python-literal values, UDL time literals.
        .target(name: "UDLRecordFormat", dependencies: ["UTCDate"]),
        // The REACH mission product: UDL records → L1C CDF, file naming, key layout.
        .target(name: "REACH", dependencies: [
            "CDF", "CSVCodec", "UTCDate", "REACHMission", "UDLRecordFormat", "FerryErrors",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // AWS request signing (SigV4), credentials and region resolution, Secrets Manager.
        .target(name: "AWS", dependencies: [
            "UTCDate",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Any JSON document, kept as read: station answers and STAC properties Ferry copies without interpreting.
        .target(name: "JSONValue"),
        // Error codes: one table from a code to the ledger's error_type and the exit status.
        .target(name: "FerryErrors"),
        // One retry policy for every HTTP client: backoff with full jitter, Retry-After, retryable answers.
        .target(name: "HTTPRetry", dependencies: [
            "UTCDate",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // One interface for stored objects, and the local-directory store (no HTTP client).
        .target(name: "ObjectStore", dependencies: [
            "DurableFiles", "FerryErrors", "OffPool",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The S3 store: SigV4, multipart (files and streams), list, get, delete, shared retries.
        .target(name: "ObjectStoreS3", dependencies: [
            "ObjectStore", "AWS", "DurableFiles", "FerryErrors", "HTTPRetry", "OffPool",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A loopback UDL that behaves like the real one (records, auth, rate limits, faults).
        .target(name: "UDLSimulator", dependencies: [
            "REACHMission", "UDLRecordFormat", "UTCDate",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The UDL client: exact windows, AIMD pacing, retries, day artifacts.
        .target(name: "UDL", dependencies: [
            "UDLRecordFormat", "UTCDate", "REACHMission", "AWS", "CSVCodec", "DurableFiles", "FerryErrors", "HTTPRetry",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The Copernicus ground stations' OData interfaces (AUXIP, CADIP): search, OAuth2/API key, streamed downloads.
        .target(name: "Stations", dependencies: [
            "JSONValue", "HTTPRetry", "UTCDate",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // A loopback AUXIP/CADIP station: deterministic files streamed in bounded memory, auth, faults.
        .target(name: "StationSimulator", dependencies: [
            "Stations", "JSONValue",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Per-day orchestrators over the ledger: decision tables, runs, summaries.
        .target(name: "Pipeline", dependencies: [
            "Telemetry", "UTCDate", "DurableFiles", "FerryErrors", "OffPool",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // One interface to the database Ferry keeps state and work in; SQL written once for both.
        .target(name: "SQLDatabase"),
        // SQLite on one host (GRDB; WAL, immediate write transactions).
        .target(name: "SQLDatabaseSQLite", dependencies: ["SQLDatabase", .product(name: "GRDB", package: "GRDB.swift")]),
        // PostgreSQL shared by many hosts (postgres-nio).
        .target(name: "SQLDatabasePostgres", dependencies: [
            "SQLDatabase",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Opens a database by URL with the backend its scheme names (the one place that knows them all).
        .target(name: "SQLDatabaseBackends", dependencies: ["SQLDatabase", "SQLDatabaseSQLite", "SQLDatabasePostgres"]),
        // The database work queue: tasks, leases, retries, the operations log, worker heartbeats.
        .target(name: "WorkQueue", dependencies: ["SQLDatabase", .product(name: "Logging", package: "swift-log")]),
        // POSIX pax tar archives of raw files, with a SHA-256 per member and of the archive in one pass.
        .target(name: "TarArchive", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Raw-data packaging (seed 003): sites and locations, registration, the manager, the build worker.
        .target(name: "Packaging", dependencies: [
            "SQLDatabase", "WorkQueue", "TarArchive", "DurableFiles", "ObjectStore", "ObjectStoreS3", "FerryErrors", "JSONValue",
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // STAC publishing (seed 004): items and collections into a static catalog or a STAC API, never twice.
        .target(name: "Catalog", dependencies: [
            "JSONValue", "DurableFiles", "HTTPRetry", "UTCDate", "OffPool",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Station staging (seed 004): search, filter against the catalog, one queued task per file,
        // station → object store streaming with checks, STAC items.
        .target(name: "Staging", dependencies: [
            "SQLDatabase", "WorkQueue", "Stations", "Catalog", "JSONValue", "ObjectStore", "ObjectStoreS3", "FerryErrors",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The operator's view, without HTTP: what each page shows (ledgers followed as they grow,
        // the work queue, packaging, staging), its HTML (Mustache templates, server-drawn SVG) and JSON,
        // the Prometheus metrics, and the one-file report.
        .target(name: "Dashboard", dependencies: [
            "Telemetry", "UTCDate", "SQLDatabase", "WorkQueue", "Packaging", "Staging", "Catalog",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // `ferry serve`: the dashboard's pages, /api and /metrics over Hummingbird; loopback unless a token guards it.
        .target(name: "DashboardServer", dependencies: [
            "Dashboard",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "ferry", dependencies: [
            "Dashboard", "DashboardServer",
            "SQLDatabase", "SQLDatabaseBackends", "SQLDatabaseSQLite", "WorkQueue", "Packaging", "Staging",
            "Telemetry", "Pipeline", "REACH", "CDF", "ObjectStore", "ObjectStoreS3", "FerryErrors", "UTCDate", "UDL", "UDLSimulator",
            "REACHMission", "DurableFiles", "Stations", "StationSimulator", "Catalog", "OffPool", "JSONValue", "HTTPRetry",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        // Measurement entry points that scripts/bench drives.
        .executableTarget(name: "ferry-bench", dependencies: ["ObjectStore", "ObjectStoreS3", "CDF"], path: "Benchmarks/ferry-bench"),
        // The ledger's, alone: its peak memory is the whole process's, so it links nothing but Telemetry.
        .executableTarget(name: "ledger-bench", dependencies: ["Telemetry"], path: "Benchmarks/ledger-bench"),
        // The work queue's throughput: N no-op tasks through W worker processes, on SQLite or PostgreSQL.
        .executableTarget(name: "queue-bench", dependencies: [
            "WorkQueue", "SQLDatabase", "SQLDatabaseBackends",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/queue-bench"),
        // Holds locks and writes durable files from a separate process, for the crash and lock tests.
        .executableTarget(name: "durable-files-probe", dependencies: ["DurableFiles"], path: "Tests/Support/durable-files-probe"),
        // Appends rows to a ledger from a separate process, for the multi-writer test.
        .executableTarget(name: "ledger-append", dependencies: ["Telemetry"], path: "Tests/Support/ledger-append"),
        // Publishes items into a static catalog from a separate process, for the concurrent-publisher test.
        .executableTarget(name: "catalog-publish-probe", dependencies: ["Catalog", "JSONValue",
                                                                      .product(name: "AsyncHTTPClient", package: "async-http-client")],
                          path: "Tests/Support/catalog-publish-probe"),
        // What tests share: temporary directories, child processes, the Python peers, PostgreSQL, sshd.
        .target(name: "FerryTestSupport", path: "Tests/Support/FerryTestSupport"),
        // The test support's own servers: the throwaway PostgreSQL cluster and sshd on loopback.
        .testTarget(name: "TestSupportTests", dependencies: ["FerryTestSupport"]),
        .testTarget(name: "CSVCodecTests", dependencies: ["CSVCodec", "FerryTestSupport"]),
        .testTarget(name: "UTCDateTests", dependencies: ["UTCDate"]),
        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"]),
        .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles", "FerryTestSupport", "durable-files-probe"]),
        .testTarget(name: "CDFTests", dependencies: ["CDF", "FerryTestSupport"]),
        .testTarget(name: "UDLRecordFormatTests", dependencies: ["UDLRecordFormat"]),
        .testTarget(name: "REACHMissionTests", dependencies: ["REACHMission"]),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "CSVCodec", "UTCDate", "FerryTestSupport", "ledger-append"]),
        .testTarget(name: "REACHTests", dependencies: ["REACH", "REACHMission", "UTCDate", "CDF", "UDLRecordFormat", "FerryTestSupport"]),
        .testTarget(name: "ObjectStoreTests", dependencies: ["ObjectStore", "ObjectStoreS3", "AWS", "HTTPRetry", "FerryErrors", "FerryTestSupport",
                                                         .product(name: "NIOCore", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "HTTPRetryTests", dependencies: ["HTTPRetry", "FerryTestSupport"]),
        .testTarget(name: "FerryErrorsTests", dependencies: ["FerryErrors"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS", "FerryTestSupport"]),
        .testTarget(name: "UDLTests", dependencies: ["UDL", "UDLSimulator", "UDLRecordFormat", "UTCDate", "CSVCodec", "HTTPRetry", "FerryErrors", "FerryTestSupport"]),
        .testTarget(name: "StationsTests", dependencies: [
            "Stations", "StationSimulator", "JSONValue", "HTTPRetry", "FerryTestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Telemetry", "UTCDate", "FerryErrors", "DurableFiles", "FerryTestSupport"]),
        .testTarget(name: "TarArchiveTests", dependencies: ["TarArchive", "FerryTestSupport"]),
        // Both databases for the queue and packaging tests: a temporary SQLite file, a fresh PostgreSQL database.
        .target(name: "DatabaseTestSupport", dependencies: ["SQLDatabase", "SQLDatabaseBackends", "FerryTestSupport"],
                path: "Tests/Support/DatabaseTestSupport"),
        .testTarget(name: "WorkQueueTests", dependencies: ["WorkQueue", "SQLDatabase", "DatabaseTestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PackagingCommandTests", dependencies: ["ferry", "SQLDatabase", "DatabaseTestSupport", "FerryTestSupport"]),
        .testTarget(name: "StagingCommandTests", dependencies: ["ferry", "Staging", "Stations", "StationSimulator", "Catalog", "JSONValue", "SQLDatabase", "DatabaseTestSupport",
                                                           "FerryTestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        // Static catalogs checked by stac-validator, and a real STAC API (stac-fastapi-pgstac on PostgreSQL).
        .testTarget(name: "CatalogTests", dependencies: [
            "Catalog", "JSONValue", "FerryTestSupport", "catalog-publish-probe",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "FerryCommandTests", dependencies: ["ferry", "Telemetry", "UDLSimulator", "UTCDate", "FerryTestSupport"]),
        // `ferry serve` and `ferry report` under headless Chromium and Prometheus' own parser.
        .testTarget(name: "DashboardTests", dependencies: ["ferry", "Dashboard", "DashboardServer", "Telemetry", "UTCDate", "SQLDatabase", "DatabaseTestSupport", "UDLSimulator",
                                                      "FerryTestSupport"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
