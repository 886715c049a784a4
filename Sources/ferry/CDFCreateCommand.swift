import ArgumentParser
import CDF
import Foundation

/// `ferry cdf create SPEC.json OUT.cdf`: builds a CDF from the JSON document `ferry cdf dump --json` prints.
struct CDFCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Build a CDF from the JSON document `ferry cdf dump --json` prints.",
        discussion: """
            The document's format (encoding, majority, whole-file gzip, MD5), attributes and \
            variables (type, dimensions, pad, per-variable gzip and blocking factor, records) are \
            written as given, so dump → create → dump gives the same document. Ferry writes \
            zVariables and GZIP ("gzip" is level 6; "gzip:1" … "gzip:9" choose one); the file's \
            version is 3.9.0 whatever the document says.

            Only a variable's "name" and "type" are required: the rest default to a \
            record-varying zVariable, every dimension varying, maxRec from its records, \
            uncompressed, and the format to IBMPC, row-major, no compression or checksum. \
            CHAR values are fixed-width (numElems, by default the longest value): shorter \
            ones are padded with spaces.

            A bad field is reported with its JSON path (e.g. variables[2].records[17]) and exit \
            code 2; nothing is left at OUT on failure.
            """
    )

    @Argument(help: "The JSON document (- for standard input).")
    var spec: String

    @Argument(help: "The CDF to write (replaced only when complete).")
    var output: String

    func run() throws {
        let text: String
        if spec == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: spec) else {
                throw CommandFailure.configuration("cannot read \(spec)")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let source = spec == "-" ? "<stdin>" : spec
        do {
            let document = try CDFDocument(json: text, source: source)
            try CDFDocumentWriter.write(document, to: output, source: source)
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
    }
}
