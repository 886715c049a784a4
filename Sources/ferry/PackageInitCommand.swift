import ArgumentParser
import Packaging
import SQLDatabase

/// `ferry package init`: creates or upgrades the schema and applies sites.yaml.
struct PackageInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or upgrade the database and apply the sites, locations and instruments of a YAML file.",
        discussion: "Idempotent: applying the same file twice changes nothing.")

    @Option(help: ArgumentHelp("The sites file (see README).", valueName: "sites.yaml"))
    var config: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingPackagingErrors {
            let configuration = try SiteConfiguration.load(path: config)
            try await withDatabase(database) { db in
                let changes = try await db.write { try configuration.apply(in: $0) }
                print("\(db.description): \(configuration.sites.count) sites, "
                      + "\(configuration.sites.reduce(0) { $0 + $1.locations.count }) locations, "
                      + "\(configuration.instruments.count) instruments; \(changes) rows changed")
            }
        }
    }
}
