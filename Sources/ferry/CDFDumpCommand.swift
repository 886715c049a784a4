import ArgumentParser
import CDF
import Foundation

/// `ferry cdf dump FILE`: every attribute and variable of a CDF, with all its values.
struct CDFDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every attribute and variable of a CDF with its values.",
        discussion: """
            Reads CDF v3 and v2.6/2.7 files from Ferry, NASA's library and cdflib: \
            compressed variables and files, MD5 checksums (verified), big-endian and \
            column-major files, rVariables, sparse records.

            With --json: one document {"format", "attributes", "variables"}. Types are \
            CDF names (CDF_DOUBLE, ...); 64-bit integers are exact; NaN and infinities \
            are the strings "NaN", "Infinity", "-Infinity"; EPOCH16 is [seconds, \
            picoseconds]. "records" holds one entry per record, nested row-major by the \
            dimensions that vary (dimVarys true).

            A file that cannot be read exits 2 with a message naming the offset.
            """
    )

    @Argument(help: "The CDF file.")
    var file: String

    @Flag(help: "Print one JSON document on stdout instead of a listing.")
    var json = false

    func run() throws {
        let document: CDFDocument
        do {
            let cdf = try CDFFile(path: file)
            if cdf.format.md5 { try cdf.verifyChecksum() }
            document = try CDFDocument(file: cdf)
        } catch {
            throw CommandFailure.configuration("\(error)")
        }
        FileHandle.standardOutput.write(Data((json ? document.json() : Self.listing(document)).utf8))
    }

    /// A readable listing: format, attributes, then each variable with its records.
    static func listing(_ document: CDFDocument) -> String {
        let format = document.format
        var lines = ["CDF \(format.version)  encoding \(format.encoding)  \(format.majority)-major  "
                     + "compression \(format.compression)  checksum \(format.checksum)"]
        lines.append("")
        lines.append("Global attributes:")
        for attribute in document.attributes where attribute.scope == .global {
            lines.append("  \(attribute.name)")
            for entry in attribute.entries {
                lines.append("    [\(entry.number)] \(entry.value.type.name) \(entry.value.jsonText)")
            }
        }
        let variableAttributes = document.attributes.filter { $0.scope == .variable }.map(\.name)
        if !variableAttributes.isEmpty {
            lines.append("Variable attributes: \(variableAttributes.joined(separator: ", "))")
        }
        for variable in document.variables {
            lines.append("")
            let shape = variable.dims.isEmpty ? "scalar" : zip(variable.dims, variable.dimVarys)
                .map { "\($0)\($1 ? "" : " (fixed)")" }.joined(separator: " × ")
            lines.append("\(variable.kind.rawValue)Variable \(variable.name): \(variable.type.name)"
                         + (variable.type.isString ? "*\(variable.numElems)" : "") + ", \(shape), "
                         + "\(variable.recVary ? "record-varying" : "not record-varying"), \(variable.maxRec + 1) records"
                         + (variable.compression == "none" ? "" : ", \(variable.compression) (blocking factor \(variable.blockingFactor))")
                         + (variable.pad.map { ", pad \($0.jsonText)" } ?? ""))
            for attribute in variable.attributes {
                lines.append("    \(attribute.name) = \(attribute.value.type.name) \(attribute.value.jsonText)")
            }
            let values = variable.recordsJSON()
            for (record, text) in values.enumerated() {
                lines.append("  [\(record)] \(text)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
