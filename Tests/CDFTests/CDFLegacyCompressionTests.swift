import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// NASA's library's older compression methods, per variable and of the whole file: RLE of zeros
/// (type 1), Huffman (2) and adaptive Huffman (3). Files NASA's library writes read back in Ferry
/// exactly as NASA reads them; malformed data is an error, never a crash.
@Suite struct CDFLegacyCompressionTests {
    /// Writes files compressed with METHOD by NASA's library and prints what it reads from them as JSON.
    static let script = """
        import json, sys, os
        import numpy as np
        from spacepy import pycdf
        const = pycdf.const
        out, method = sys.argv[1], getattr(const, sys.argv[2])
        def values(path):
            with pycdf.CDF(path) as f:
                return {name: [repr(float(x)) for x in np.asarray(f.raw_var(name)[...], dtype=np.float64).ravel()] for name in f}
        def fill(f, variables):
            sparse = np.zeros((300, 4), dtype=np.float64); sparse[::7, 1] = np.arange(43) * 1.5
            f.new("mostly_zero", data=sparse, type=const.CDF_REAL8, compress=variables)
            f.new("counts", data=(np.arange(1000, dtype=np.int32) % 5) * (np.arange(1000) % 3 == 0), type=const.CDF_INT4,
                  compress=variables)
            # Every byte value, in blocks past 32 KiB: adaptive Huffman escapes all 256 symbols and halves its weights.
            noisy = np.random.default_rng(4).normal(size=(20000, 3))
            f.new("noisy", data=noisy, type=const.CDF_REAL8, compress=variables)
            f.new("text", data=np.frombuffer(b"ABRACADABRA " * 400, dtype=np.uint8), type=const.CDF_UINT1, compress=variables)
            f.new("plain", data=np.arange(50, dtype=np.int16), type=const.CDF_INT2)
        result = {}
        for name, whole in (("vars.cdf", False), ("file.cdf", True)):
            path = os.path.join(out, name)
            f = pycdf.CDF(path, "")
            fill(f, const.NO_COMPRESSION if whole else method)
            if whole: f.compress(method)
            f.close()
            result[name] = values(path)
        print(json.dumps(result))
        """

    @Test(arguments: [("RLE_COMPRESSION", Int32(1), "rle"), ("HUFF_COMPRESSION", 2, "huff"), ("AHUFF_COMPRESSION", 3, "ahuff")])
    func nasaFilesReadAsNASAReadsThem(_ method: String, _ code: Int32, _ name: String) async throws {
        let directory = try TemporaryDirectory()
        let output = try await PythonPeer.run(Self.script, arguments: [directory.url.path, method])
        let expected = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: [String: [String]]])
        #expect(expected.count == 2)
        for (fileName, variables) in expected {
            let file = try CDFFile(path: directory.path(fileName))
            if fileName == "file.cdf" { #expect(file.format.fileCompression == .other(code: code)) }
            #expect(variables.count == 5)
            for (variable, values) in variables {
                let info = try #require(file.variable(variable))
                if variable != "plain", fileName == "vars.cdf" { #expect(info.compression == .other(code: code)) }
                let ours: [Double] = switch try file.values(of: info) {
                case let .real8(v): v
                case let .int4(v): v.map(Double.init)
                case let .int2(v): v.map(Double.init)
                case let .uint1(v): v.map(Double.init)
                default: []
                }
                #expect(ours.map { "\($0)" } == values.map { "\(Double($0)!)" }, "\(fileName) \(variable)")
            }
            // The dump names the method (on the file or on the variables).
            #expect(try CDFDocument(file: file).json().contains("\"compression\": \"\(name)\""))
        }
    }

    typealias Decoder = (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws -> Int

    /// What `decoder` makes of `bytes` given `room` bytes of output; a count past the room fails the test.
    static func decode(_ bytes: [UInt8], room: Int, _ decoder: Decoder) throws -> [UInt8] {
        var out = [UInt8](repeating: 0xAA, count: room)
        let produced = try bytes.withUnsafeBytes { data in try out.withUnsafeMutableBytes { try decoder(data, $0) } }
        try #require(produced <= room, "the decoder claims \(produced) bytes in a room of \(room)")
        return Array(out[0..<produced])
    }

    @Test func runsDecodeAndMalformedRunsAreErrors() throws {
        func decode(_ bytes: [UInt8], room: Int) throws -> [UInt8] { try Self.decode(bytes, room: room, ZeroRunLength.decode) }
        #expect(try decode([7, 0, 2, 9, 0, 0], room: 10) == [7, 0, 0, 0, 9, 0])
        #expect(try decode([0, 255], room: 256) == [UInt8](repeating: 0, count: 256))
        #expect(throws: CDFDecodingError.self) { try decode([7, 0], room: 10) }          // a zero without its count
        #expect(throws: CDFDecodingError.self) { try decode([0, 9], room: 5) }           // more zeros than room
        #expect(throws: CDFDecodingError.self) { try decode([1, 2, 3], room: 2) }        // more bytes than room
    }

    @Test func malformedHuffmanDataIsAnErrorNeverACrash() throws {
        let decode = Self.decode
        let huff: Decoder = StaticHuffman.decode, ahuff: Decoder = AdaptiveHuffman.decode
        // NASA's HUFF of "ABRACADABRA": counts A–D 15 6 3 3, R 6, end; then the codes.
        let abracadabra: [UInt8] = [0x41, 0x44, 15, 6, 3, 3, 0x52, 0x52, 6, 0, 0x6E, 0xB4, 0x6E, 0x6E, 0xB4, 0x6E, 0x6E, 0xB4, 0x6E, 0xA0]
        #expect(try decode(abracadabra, 33, huff) == Array("ABRACADABRA".utf8) + Array("ABRACADABRA".utf8) + Array("ABRACADABRA".utf8))
        #expect(throws: CDFDecodingError.self) { try decode(abracadabra, 32, huff) }                  // more than room
        #expect(throws: CDFDecodingError.self) { try decode(Array(abracadabra.prefix(14)), 33, huff) } // codes end early
        #expect(throws: CDFDecodingError.self) { try decode([0x44, 0x41, 1, 1, 1, 1, 0], 9, huff) }  // a run backwards
        #expect(throws: CDFDecodingError.self) { try decode([0x41, 0x44, 15, 6], 9, huff) }           // table ends early
        // Adaptive: escape (1) then 'A' (01000001); escape again (now 00) then 'A' again, which is known.
        #expect { try decode([0b1010_0000, 0b1000_1000, 0b0010_0000], 9, ahuff) } throws: {
            ($0 as? CDFDecodingError)?.message.contains("already coded") == true
        }
        #expect(throws: CDFDecodingError.self) { try decode([0b1010_0000], 9, ahuff) }                // codes end early
        // Random bytes: each decoder returns within its room or throws a CDFDecodingError; it never traps or hangs.
        var rng = SeededGenerator(seed: 0x4855_4646)
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for decoder in [huff, ahuff] {
                do { _ = try decode(bytes, 512, decoder) } catch is CDFDecodingError {}
            }
        }
    }
}
