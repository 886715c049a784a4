import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// Files written by NASA's CDF library (spacepy) and by cdflib read in Ferry exactly as those
/// libraries read them: format, every attribute entry, every variable's description and values.
@Suite struct CDFReaderInteropTests {
    @Test(arguments: CDFPeerFixtures.names)
    func ferryReadsWhatNASAAndCdflibRead(_ name: String) async throws {
        let path = try await CDFPeerFixtures.full.value.file(name)
        let peers = try await CDFPeerFixtures.describe(path)
        let nasa = try #require(peers["nasa"] as? [String: Any])
        let file = try CDFFile(path: path)

        #expect(file.format.version == (name.contains("v2") ? 2 : 3))
        #expect((file.format.rowMajor ? "row" : "column") == nasa["majority"] as? String)
        #expect(file.format.md5 == (nasa["checksum"] as? Bool), "checksum flag")
        #expect((file.format.fileCompression == nil ? "0" : "5") == nasa["compression"] as? String)
        if file.format.md5 { try file.verifyChecksum() }

        let globals = try #require(nasa["globals"] as? [String: [[Any]]])
        let ferryGlobals = file.attributes.filter { $0.scope == .global }
        #expect(Set(ferryGlobals.map(\.name)) == Set(globals.keys))
        for attribute in ferryGlobals {
            let expected = try #require(globals[attribute.name])
            #expect(attribute.entries.map(\.number) == expected.map { $0[0] as? Int ?? -1 }, "\(attribute.name) entry numbers")
            for (entry, peer) in zip(attribute.entries, expected) {
                #expect(Int(entry.type.rawValue) == peer[1] as? Int, "\(attribute.name)[\(entry.number)] type")
                #expect(Self.text(entry.value) == Self.peerValues(peer[2], type: entry.type), "\(attribute.name)[\(entry.number)]")
            }
        }

        let variables = try #require(nasa["vars"] as? [String: [String: Any]])
        #expect(Set(file.variables.map(\.name)) == Set(variables.keys))
        for variable in file.variables {
            let peer = try #require(variables[variable.name])
            let label = "\(name) \(variable.name)"
            #expect(Int(variable.type.rawValue) == peer["type"] as? Int, "\(label) type")
            #expect(variable.elements == peer["numElems"] as? Int, "\(label) numElems")
            if variable.kind == .r {
                // NASA's zMode 2 shows an rVariable with its varying dimensions only.
                #expect(variable.storedDimensions == peer["dims"] as? [Int], "\(label) dims")
                #expect(peer["dimVarys"] as? [Bool] == variable.storedDimensions.map { _ in true }, "\(label) dimVarys")
            } else {
                #expect(variable.dimensions == peer["dims"] as? [Int], "\(label) dims")
                #expect(variable.dimensionVarys == peer["dimVarys"] as? [Bool], "\(label) dimVarys")
            }
            #expect(variable.recordVarying == peer["recVary"] as? Bool, "\(label) recVary")
            #expect(variable.recordCount == peer["records"] as? Int, "\(label) records")
            #expect((variable.compression == nil ? 0 : 5) == peer["compression"] as? Int, "\(label) compression")
            #expect(variable.sparseRecords == peer["sparse"] as? Int, "\(label) sparse records")
            if let pad = peer["pad"] as? [String] {
                #expect(Self.text(variable.effectivePad) == Self.peerValues(pad, type: variable.type), "\(label) pad")
            }
            let values = try Self.text(of: variable, in: file)
            let expected = Self.peerValues(peer["values"] as Any, type: variable.type)
            if variable.kind == .z && variable.dimensionVarys.contains(false) {
                // NASA's library repeats a non-varying dimension's one stored value.
                #expect(Self.repeatingFixedDimensions(values, variable) == expected, "\(label) values")
            } else {
                #expect(values == expected, "\(label) values")
            }

            let attributes = try #require(peer["attrs"] as? [String: [Any]])
            #expect(Set(variable.attributes.map(\.name)) == Set(attributes.keys), "\(label) attribute names")
            for attribute in variable.attributes {
                let expected = try #require(attributes[attribute.name])
                #expect(Int(attribute.entry.type.rawValue) == expected[0] as? Int, "\(label).\(attribute.name) type")
                #expect(Self.text(attribute.entry.value) == Self.peerValues(expected[1], type: attribute.entry.type),
                        "\(label).\(attribute.name)")
            }

            // A record range reads the same values as the whole variable, sliced.
            if variable.recordCount > 3 {
                let range = 1..<(variable.recordCount - 1)
                let perRecord = values.count / variable.recordCount
                let slice = try Self.text(of: variable, in: file, records: range)
                #expect(slice == Array(values[(range.lowerBound * perRecord)..<(range.upperBound * perRecord)]), "\(label) range")
            }
        }

        // cdflib agrees on the values too, except where it reads virtual (sparse) records from
        // uninitialised memory.
        let cdflib = try #require((peers["cdflib"] as? [String: Any])?["vars"] as? [String: [String: Any]])
        for variable in file.variables {
            let peer = try #require(cdflib[variable.name], "cdflib lists \(variable.name)")
            #expect(peer["kind"] as? String == variable.kind.rawValue, "\(variable.name) kind")
            guard variable.sparseRecords == 0 else { continue }
            let expected = Self.peerValues(peer["values"] as Any, type: variable.type)
            #expect(try Self.text(of: variable, in: file) == expected, "cdflib \(name) \(variable.name)")
        }
    }

    @Test func aCorruptedChecksumIsReported() async throws {
        let source = try await CDFPeerFixtures.full.value.file("nasa_network_column.cdf")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source)))
        try CDFFile(contentsOf: bytes).verifyChecksum()
        bytes[bytes.count - 20] ^= 0x40   // a data byte just before the MD5
        let file = try CDFFile(contentsOf: bytes, path: "flipped.cdf")
        #expect { try file.verifyChecksum() } throws: { "\($0)".contains("MD5") && "\($0)".contains("flipped.cdf") }
        await #expect { try CDFFile(path: try await CDFPeerFixtures.full.value.file("nasa_plain.cdf")).verifyChecksum() } throws: {
            "\($0)".contains("no MD5")
        }
    }

    /// Values over the varying dimensions spread over every dimension, row-major, as NASA's
    /// library returns a zVariable.
    static func repeatingFixedDimensions(_ values: [String], _ variable: CDFVariableInfo) -> [String] {
        let dims = variable.dimensions
        var strides = [Int](repeating: 0, count: dims.count)
        var step = 1
        for dim in dims.indices.reversed() where variable.dimensionVarys[dim] {
            strides[dim] = step
            step *= dims[dim]
        }
        let full = dims.reduce(1, *)
        var out: [String] = []
        for record in 0..<(values.count / max(step, 1)) {
            for flat in 0..<full {
                var rest = flat, source = 0
                for dim in dims.indices.reversed() {
                    source += (rest % dims[dim]) * strides[dim]
                    rest /= dims[dim]
                }
                out.append(values[record * step + source])
            }
        }
        return out
    }

    // MARK: canonical text, as the describer writes it

    /// Values of a variable as text, one entry per value (per element for numbers).
    static func text(of variable: CDFVariableInfo, in file: CDFFile, records: Range<Int>? = nil) throws -> [String] {
        if variable.type.isString {
            return try file.strings(of: variable, records: records).map(trimmed)
        }
        return text(try file.values(of: variable, records: records))
    }

    static func trimmed(_ string: String) -> String {
        var s = Substring(string)
        while let last = s.last, last == "\0" || last == " " { s = s.dropLast() }
        return String(s)
    }

    /// Integers in decimal, floats as the bit pattern of the Double they widen to (NaN as "nan").
    static func text(_ values: CDFValues) -> [String] {
        func real(_ value: Double) -> String { value.isNaN ? "nan" : String(value.bitPattern, radix: 16) }
        switch values {
        case let .int1(v), let .byte(v): return v.map { "\($0)" }
        case let .int2(v): return v.map { "\($0)" }
        case let .int4(v): return v.map { "\($0)" }
        case let .int8(v), let .timeTT2000(v): return v.map { "\($0)" }
        case let .uint1(v): return v.map { "\($0)" }
        case let .uint2(v): return v.map { "\($0)" }
        case let .uint4(v): return v.map { "\($0)" }
        case let .real4(v), let .float(v): return v.map { real(Double($0)) }
        case let .real8(v), let .double(v), let .epoch(v), let .epoch16(v): return v.map(real)
        case let .char(s), let .uchar(s): return [trimmed(s)]
        }
    }

    /// The describer's text values in the same canonical form.
    static func peerValues(_ values: Any, type: CDFDataType) -> [String] {
        let strings = values as? [String] ?? []
        switch type {
        case .real4, .real8, .float, .double, .epoch, .epoch16:
            return strings.map { text in
                guard let value = Double(text) else { return "unparsable \(text)" }
                return value.isNaN ? "nan" : String(value.bitPattern, radix: 16)
            }
        default:
            return strings
        }
    }
}
