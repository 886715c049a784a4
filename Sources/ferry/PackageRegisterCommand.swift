import ArgumentParser
import Packaging
import SQLDatabase

/// `ferry package register`: records raw files of a location.
struct PackageRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Record raw files of a SOURCE location, from a manifest or a scan of its folder.",
        discussion: """
            A manifest has one JSON object a line: {"path": ..., "obs_unit": ..., "module": ..., "size"?: ..., \
            "sha256"?: ...}, paths relative to the location. A path that is absolute, uses `..`, or resolves \
            outside the location through a symlink is refused with its line number, and then nothing is \
            recorded. Registering a file twice changes nothing.
            """)

    @Option(help: "The data location the files are in (a name from sites.yaml).")
    var location: String

    @Option(help: ArgumentHelp("A JSON-lines manifest of the files.", valueName: "file.jsonl"))
    var manifest: String?

    @Flag(help: "Find the files by walking the location's folder instead.")
    var scan = false

    @Option(help: ArgumentHelp("With --scan: how paths name obs unit and module.", valueName: "pattern"))
    var layout = "{obs_unit}/{module}/**"

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (manifest != nil) != scan else { throw ValidationError("give exactly one of --manifest FILE and --scan") }
    }

    func run() async throws {
        try await reportingPackagingErrors {
            try await withDatabase(database) { db in
                var skipped: [String] = []
                let entries: [RawFileEntry]
                if let manifest {
                    entries = try RawFileEntry.readManifest(path: manifest)
                } else {
                    let found = try await RawFileRegistry.scan(location: location, layout: try ScanLayout(layout), database: db)
                    entries = found.entries
                    skipped = found.skipped
                }
                let summary = try await RawFileRegistry.register(entries, location: location, database: db, thisHost: thisHostName())
                print("\(location): \(summary.registered) files registered, \(summary.alreadyRegistered) already registered"
                      + (skipped.isEmpty ? "" : ", \(skipped.count) not matching the layout (first: \(skipped[0]))"))
            }
        }
    }
}
