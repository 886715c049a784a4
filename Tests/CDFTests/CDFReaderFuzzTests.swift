import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// Valid CDFs mutated at random must either read or fail with a CDFError: never crash, trap,
/// hang or allocate without bound.
@Suite struct CDFReaderFuzzTests {
    /// Small files from Ferry's writer, NASA's library and cdflib.
    static func seeds() async throws -> [(name: String, bytes: [UInt8])] {
        let directory = try TemporaryDirectory()
        var seeds: [(String, [UInt8])] = []
        for (encoding, blockBytes) in [(CDFEncoding.littleEndian, 1 << 20), (.bigEndian, 40)] {
            let path = directory.path("ferry-\(encoding).cdf")
            let writer = try CDFWriter(path: path, encoding: encoding, blockBytes: blockBytes)
            writer.setGlobalAttribute("Project", [.char("fuzz"), .int4([1, 2])])
            let epoch = try writer.define(.init(name: "Epoch", type: .timeTT2000))
            let dose = try writer.define(.init(name: "dose", type: .real4, dimensions: [2, 3]))
            let label = try writer.define(.init(name: "label", type: .char, elements: 4, dimensions: [2], recordVarying: false))
            writer.setAttribute("UNITS", of: dose, .char("rad/s"))
            for record in 0..<12 {
                try writer.append([Int64(record) * 1_000_000_000], to: epoch)
                try writer.append((0..<6).map { Float(record * 6 + $0) }, to: dose)
            }
            try writer.append(strings: ["ab", "cdef"], to: label)
            try writer.close()
            seeds.append((path, try Array(Data(contentsOf: URL(fileURLWithPath: path)))))
        }
        let peers = try await CDFPeerFixtures.small.value
        for name in CDFPeerFixtures.names {
            seeds.append((name, try Array(Data(contentsOf: URL(fileURLWithPath: peers.file(name))))))
        }
        return seeds
    }

    /// Where each internal record starts, walking sizes from the CDR to the end (v3: 8-byte sizes,
    /// v2: 4-byte); empty for a whole-file-compressed seed, whose records are inside the GZIP data.
    static func recordStarts(_ bytes: [UInt8]) -> [Int] {
        let wide = bytes[1] == 0xF3
        let width = wide ? 8 : 4
        var starts: [Int] = []
        var offset = 8
        while offset + width <= bytes.count {
            let size = bytes[offset..<offset + width].reduce(0) { $0 << 8 | Int($1) }
            guard size >= 8 else { break }
            starts.append(offset)
            offset += size
        }
        return starts
    }

    /// Reads everything a caller could ask for; returns how far it got.
    static func readEverything(_ bytes: [UInt8], name: String) throws(CDFError) -> Int {
        do {
            // A small read limit keeps a corrupt size from costing time; the fixtures fit well inside.
            let file = try CDFFile(contentsOf: bytes, path: name, readLimit: 4 << 20)
            var values = 0
            for variable in file.variables {
                let count = variable.recordCount
                let ranges = count <= 64 ? [0..<count] : [0..<32, (count - 32)..<count]
                for range in ranges {
                    if variable.type.isString {
                        values += try file.strings(of: variable, records: range).count
                    } else {
                        values += try file.values(of: variable, records: range).count
                    }
                }
            }
            if file.format.md5 { try file.verifyChecksum() }
            return values
        } catch let error as CDFError {
            throw error
        } catch {
            Issue.record("\(name): an error that is not a CDFError: \(error)")
            return 0
        }
    }

    /// Values in each of Ferry's seeds: 12 epochs, 12 records of 2×3 doses, 2 labels.
    static let valuesInAFerrySeed = 12 + 12 * 6 + 2

    @Test func theSeedsReadCleanly() async throws {
        for seed in try await Self.seeds() {
            let values = try Self.readEverything(seed.bytes, name: seed.name)
            if seed.name.contains("ferry-") {
                #expect(values == Self.valuesInAFerrySeed, "\(seed.name): every value written is read back")
            } else {
                #expect(values > 0, "\(seed.name)")
            }
        }
    }

    /// The record kind an error names: "offset 123 (zVDR): …", "offset 130 (VXR at 100): …".
    static func recordKind(in error: CDFError) -> String? {
        guard let open = error.message.firstIndex(of: "(") else { return nil }
        return String(error.message[error.message.index(after: open)...].prefix { $0 != " " && $0 != ")" })
    }

    /// Every record of Ferry's seeds (header, descriptors, index, data, attributes, entries) is
    /// checked when the reader reaches it: a record whose type field is set to a type no CDF has
    /// makes the read fail with an error that names that record's offset.
    @Test func aCorruptTypeInAnyRecordIsCaughtAtItsOffset() async throws {
        for seed in try await Self.seeds() where seed.name.contains("ferry-") {
            let starts = Self.recordStarts(seed.bytes)
            let kinds = Set(starts.map { start in seed.bytes[start + 8..<start + 12].reduce(Int32(0)) { $0 << 8 | Int32($1) } })
            let expected: Set<CDFRecordKind> = [.cdr, .gdr, .zVDR, .vxr, .vvr, .adr, .agrEDR, .azEDR]
            #expect(kinds.isSuperset(of: expected.map(\.rawValue)), "\(seed.name): records of every kind a Ferry file holds: \(kinds.sorted())")
            for start in starts {
                var bytes = seed.bytes
                bytes.replaceSubrange(start + 8..<start + 12, with: [0, 0, 0, 99])
                do {
                    let values = try Self.readEverything(bytes, name: seed.name)
                    Issue.record("\(seed.name): record type 99 at \(start) went unnoticed (\(values) values read)")
                } catch {
                    #expect(error.message.hasPrefix("offset \(start) (") && error.message.contains("record type 99"),
                            "\(seed.name) record at \(start): \(error.message)")
                }
            }
        }
    }

    /// Mutated files per run (at least 10,000; about 2 s in a debug build).
    static let cases = 20_000

    @Test func twentyThousandMutationsReadOrFailWithACDFError() async throws {
        let seeds = try await Self.seeds()
        let starts = seeds.map { Self.recordStarts($0.bytes) }
        var random = SeededGenerator(seed: 0x00CD_F300_0001)
        var outcomes = (read: 0, failed: 0)
        var kindsNamed: Set<String> = []
        let extremes: [Int64] = [0, -1, 1, 8, 12, Int64(Int32.max), Int64(Int32.min), .max, .min, 1 << 32, 0x7FFF_FFFF_FFFF]
        for index in 0..<Self.cases {
            let seed = seeds[index % seeds.count]
            let recordStarts = starts[index % seeds.count]
            var bytes = seed.bytes
            let mutations = Int.random(in: 1...4, using: &random)
            var described: [String] = []
            for _ in 0..<mutations {
                guard !bytes.isEmpty else { break }
                var at = Int.random(in: 0..<bytes.count, using: &random)
                let kind = Int.random(in: 0..<7, using: &random)
                if kind >= 4, let start = recordStarts.randomElement(using: &random) {
                    // Aim at a record's fields: size, type, next/head offsets, counts, dimensions.
                    at = min(bytes.count - 1, start + 4 * Int.random(in: 0..<24, using: &random))
                }
                switch kind {
                case 0:
                    bytes[at] ^= UInt8.random(in: 1...255, using: &random)
                    described.append("flip@\(at)")
                case 1:
                    bytes.removeSubrange(at...)
                    described.append("truncate@\(at)")
                case 2:
                    let count = Int.random(in: 1...64, using: &random)
                    bytes.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
                    described.append("insert\(count)@\(at)")
                case 3:
                    let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                    bytes.removeSubrange(at..<end)
                    described.append("delete@\(at)..<\(end)")
                default:
                    // An offset or size field overwritten: 8 or 4 big-endian bytes with an extreme value,
                    // or a plausible offset elsewhere in the file (a cycle or a wrong record type).
                    var value = extremes.randomElement(using: &random)!
                    if Bool.random(using: &random) { value = Int64.random(in: 0..<Int64(bytes.count), using: &random) }
                    let width = Bool.random(using: &random) ? 8 : 4
                    for i in 0..<width where at + i < bytes.count {
                        bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - i)))
                    }
                    described.append("set\(width)@\(at)=\(value)")
                }
            }
            do {
                _ = try Self.readEverything(bytes, name: "\(seed.name) case \(index) \(described.joined(separator: ","))")
                outcomes.read += 1
            } catch {
                outcomes.failed += 1
                #expect(error.message.hasPrefix("offset "), "errors name an offset: \(error)")
                if let kind = Self.recordKind(in: error) { kindsNamed.insert(kind) }
            }
        }
        print("fuzz seeds \(seeds.map { "\($0.name.split(separator: "/").last!):\($0.bytes.count)" }) outcomes \(outcomes) kinds \(kindsNamed.sorted())")
        // Both outcomes occur: the mutations reach the parser rather than always failing at the magic.
        #expect(outcomes.read > 100 && outcomes.failed > Self.cases / 10, "\(outcomes)")
        // And they reach every level of the file: the errors name the header, descriptor, index and
        // attribute records, not just the magic number.
        for kind in ["magic", "CDR", "GDR", "zVDR", "VXR", "ADR"] {
            #expect(kindsNamed.contains(kind), "no mutation was caught in a \(kind): \(kindsNamed.sorted())")
        }
    }
}
