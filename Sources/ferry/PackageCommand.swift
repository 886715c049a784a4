import ArgumentParser

/// `ferry package`: the raw-data packaging flow of seed 003 on the database work queue.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Package raw files into tars with checksums in a site's buffer (seed 003).",
        discussion: """
            Raw files land in SOURCE locations. `init` records sites, locations and instruments; \
            `register` records raw files; `manager` groups unpackaged files by (obs unit, module) and \
            queues one package each; `worker` builds each tar into the site's primary BUFFER. Every \
            command shares one database (--database, $FERRY_DATABASE_URL, else sqlite:ferry.db): SQLite \
            for one host, PostgreSQL for managers and workers on many hosts.
            Exit codes: 0 all done, 1 some package failed, 2 configuration or input error.
            """,
        subcommands: [PackageInitCommand.self, PackageRegisterCommand.self, PackageManagerCommand.self,
                      PackageWorkerCommand.self, PackageStatusCommand.self, PackageVerifyCommand.self,
                      PackageRetryCommand.self, PackageBuildCommand.self]
    )
}
