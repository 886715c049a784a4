import ArgumentParser
import CDF
import Foundation

/// `ferry cdf create SPEC.json OUT.cdf`: builds a CDF from the JSON document `ferry cdf dump --json` prints.
struct CDFCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Build a CDF from the JSON document `ferry cdf dump --json` prints.",
        discussion: """
            The document's format (encoding, majority, whole-file gzip, MD5), attributes and
            variables (type, dimensions, pad, per-variable gzip and blocking factor, records) are
            written as given. A bad field is reported with its JSON path (e.g.
            variables[2].records[17]) and exit code 2; nothing is left at OUT on failure.
            """
    )

    @Argument(help: "The JSON document (- for standard input).")
    var spec: String

    @Argument(help: "The CDF to write (replaced only when complete).")
    var output: String

    func run() throws {
        let bytes: [UInt8]
        if spec == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: spec) else {
                throw CommandFailure.configuration("cannot read \(spec)")
            }
            bytes = Array(data)
        }
        do {
            let document = try CDFDocumentParser.parse(bytes)
            try CDFDocumentWriter.write(document, to: output)
        } catch let error as CDFDocumentError {
            throw CommandFailure.configuration("\(spec): \(error)")
        } catch let error as CDFError {
            throw CommandFailure.configuration(error.description)
        }
    }
}
