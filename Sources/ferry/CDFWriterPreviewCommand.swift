import ArgumentParser

/// TEMPORARY (branch cdf-write only): a `ferry cdf` group holding just `create`, until the reader
/// branch's CDFCommand lists CDFCreateCommand among its subcommands. Delete this file and its entry
/// in Ferry.swift when merging.
struct CDFWriterPreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cdf",
        abstract: "Work with CDF files.",
        subcommands: [CDFCreateCommand.self]
    )
}
