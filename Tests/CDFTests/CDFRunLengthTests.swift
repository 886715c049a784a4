import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// RLE of zeros (CDF compression type 1), per variable and of the whole file: files NASA's library
/// writes read back in Ferry exactly as NASA reads them; malformed runs are errors.
@Suite struct CDFRunLengthTests {
    /// Writes RLE-compressed files with NASA's library and prints what it reads from them as JSON.
    static let script = """
        import json, sys, os
        import numpy as np
        from spacepy import pycdf
        const = pycdf.const
        out = sys.argv[1]
        def values(path):
            with pycdf.CDF(path) as f:
                return {name: [repr(float(x)) for x in np.asarray(f.raw_var(name)[...], dtype=np.float64).ravel()] for name in f}
        def fill(f):
            sparse = np.zeros((300, 4), dtype=np.float64); sparse[::7, 1] = np.arange(43) * 1.5
            f.new("mostly_zero", data=sparse, type=const.CDF_REAL8, compress=const.RLE_COMPRESSION)
            f.new("counts", data=(np.arange(1000, dtype=np.int32) % 5) * (np.arange(1000) % 3 == 0), type=const.CDF_INT4,
                  compress=const.RLE_COMPRESSION)
            f.new("plain", data=np.arange(50, dtype=np.int16), type=const.CDF_INT2)
        result = {}
        for name, whole in (("rle_vars.cdf", False), ("rle_file.cdf", True)):
            path = os.path.join(out, name)
            f = pycdf.CDF(path, "")
            fill(f)
            if whole: f.compress(const.RLE_COMPRESSION)
            f.close()
            result[name] = values(path)
        print(json.dumps(result))
        """

    @Test func nasaRLEFilesReadAsNASAReadsThem() async throws {
        let directory = try TemporaryDirectory()
        let output = try await PythonPeer.run(Self.script, arguments: [directory.url.path])
        let expected = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: [String: [String]]])
        for (name, variables) in expected {
            let file = try CDFFile(path: directory.path(name))
            if name == "rle_file.cdf" { #expect(file.format.fileCompression == .other(code: 1)) }
            for (variable, values) in variables {
                let info = try #require(file.variable(variable))
                if variable != "plain", name == "rle_vars.cdf" { #expect(info.compression == .other(code: 1)) }
                let ours: [Double] = switch try file.values(of: info) {
                case let .real8(v): v
                case let .int4(v): v.map(Double.init)
                case let .int2(v): v.map(Double.init)
                default: []
                }
                #expect(ours.map { "\($0)" } == values.map { "\(Double($0)!)" }, "\(name) \(variable)")
            }
            // The dump names the method (on the file or on the variables).
            #expect(try CDFDocument(file: file).json().contains("\"compression\": \"rle\""))
        }
    }

    @Test func runsDecodeAndMalformedRunsAreErrors() throws {
        func decode(_ bytes: [UInt8], room: Int) throws -> [UInt8] {
            var out = [UInt8](repeating: 0xAA, count: room)
            let produced = try bytes.withUnsafeBytes { data in
                try out.withUnsafeMutableBytes { try ZeroRunLength.decode(data, into: $0) }
            }
            return Array(out[0..<produced])
        }
        #expect(try decode([7, 0, 2, 9, 0, 0], room: 10) == [7, 0, 0, 0, 9, 0])
        #expect(try decode([0, 255], room: 256) == [UInt8](repeating: 0, count: 256))
        #expect(throws: ZeroRunLengthError.self) { try decode([7, 0], room: 10) }          // a zero without its count
        #expect(throws: ZeroRunLengthError.self) { try decode([0, 9], room: 5) }           // more zeros than room
        #expect(throws: ZeroRunLengthError.self) { try decode([1, 2, 3], room: 2) }        // more bytes than room
    }
}
