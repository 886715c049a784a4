import ArgumentParser

/// `ferry stage`: station staging (seed 004). Without a subcommand it runs a staging flow.
struct StageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Stage files from a ground station into object storage and publish them in a STAC catalog.",
        discussion: """
            `ferry stage --station ... --start ... --stop ...` searches the station, drops what the \
            catalog already has, queues one task per file on the database work queue and stages them \
            (`ferry stage run --help` lists the options). `ferry stage worker` stages queued files on \
            another host; `ferry stage status` shows each run's files.
            """,
        subcommands: [StageRunCommand.self, StageWorkerCommand.self, StageStatusCommand.self],
        defaultSubcommand: StageRunCommand.self)
}
