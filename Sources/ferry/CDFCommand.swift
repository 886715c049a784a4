import ArgumentParser

/// `ferry cdf`: inspect and build CDF files with Ferry's own CDF library.
struct CDFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cdf",
        abstract: "Inspect and build CDF (Common Data Format) files.",
        subcommands: [CDFDumpCommand.self, CDFCreateCommand.self]
    )
}
