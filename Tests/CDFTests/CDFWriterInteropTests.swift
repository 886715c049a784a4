import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// Files Ferry writes, read back by NASA's CDF library (through spacepy, validation on) and by cdflib.
@Suite struct CDFWriterInteropTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// Reads every variable and attribute with both peers and prints one JSON document per peer.
    static let reader = """
        import json, os, sys, math
        os.environ["CDF_VALIDATE"] = "yes"
        import numpy as np
        from spacepy import pycdf
        import cdflib
        # NASA's library checks every internal record on open when validation is on.
        import ctypes
        pycdf.lib._library.CDFsetValidate(ctypes.c_long(pycdf.const.VALIDATEFILEon.value))
        assert pycdf.lib._library.CDFgetValidate() != 0
        def plain(v):
            if isinstance(v, np.ndarray): return [plain(x) for x in v.tolist()] if v.ndim else plain(v.item())
            if isinstance(v, (list, tuple)): return [plain(x) for x in v]
            if isinstance(v, (np.integer,)): return int(v)
            if isinstance(v, (float, np.floating)): return None if math.isnan(v) else float(v)
            if isinstance(v, bytes): return v.decode()
            if isinstance(v, np.str_): return str(v)
            if hasattr(v, "isoformat"): return v.isoformat()
            return v
        out = {"nasa": {}, "cdflib": {}}
        with pycdf.CDF(sys.argv[1]) as f:
            out["nasa"]["globals"] = {k: [plain(x) for x in f.attrs[k]] for k in f.attrs}
            for name in f:
                var = f[name]
                raw = f.raw_var(name) if var.type() in (pycdf.const.CDF_TIME_TT2000.value, pycdf.const.CDF_EPOCH.value) else var
                out["nasa"][name] = {"type": var.type(), "shape": list(var.shape), "rv": var.rv(),
                                     "values": plain(raw[...]), "attrs": {k: plain(var.attrs[k]) for k in var.attrs}}
        c = cdflib.CDF(sys.argv[1])
        info = c.cdf_info()
        out["cdflib"]["globals"] = {k: [plain(x) for x in (v if isinstance(v, list) else [v])] for k, v in c.globalattsget().items()}
        for name in info.zVariables:
            vi = c.varinq(name)
            out["cdflib"][name] = {"type": vi.Data_Type, "dims": list(vi.Dim_Sizes), "values": plain(c.varget(name)),
                                    "attrs": {k: plain(v) for k, v in c.varattsget(name).items()}}
        print(json.dumps(out))
        """

    func readBack(_ path: String) async throws -> [String: Any] {
        let output = try await PythonPeer.run(Self.reader, arguments: [path])
        return try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
    }

    func writeSample(_ path: String, encoding: CDFEncoding, blockBytes: Int) throws {
        let writer = try CDFWriter(path: path, encoding: encoding, blockBytes: blockBytes)
        writer.setGlobalAttribute("Project", [.char("Ferry test")])
        writer.setGlobalAttribute("MODS", [.char("v1 first"), .char("v2 second"), .int4([7, 8])])
        let epoch = try writer.define(.init(name: "Epoch", type: .timeTT2000, pad: .timeTT2000([TT2000.pad])))
        let dose = try writer.define(.init(name: "dose_rate", type: .real4, dimensions: [3, 2]))
        let ids = try writer.define(.init(name: "sensor_ids", type: .int4, dimensions: [3], recordVarying: false))
        let labels = try writer.define(.init(name: "sensor_labels", type: .char, elements: 9, dimensions: [3], recordVarying: false))
        let small = try writer.define(.init(name: "small", type: .int1))
        let wide = try writer.define(.init(name: "wide", type: .uint2, dimensions: [2, 2, 2]))
        let lat = try writer.define(.init(name: "lat", type: .real8, dimensions: [3]))
        writer.setAttribute("FILLVAL", of: dose, .real4([-1e31]))
        writer.setAttribute("UNITS", of: dose, .char("rad/s"))
        writer.setAttribute("DEPEND_0", of: dose, .char("Epoch"))
        writer.setAttribute("FILLVAL", of: epoch, .timeTT2000([TT2000.fill]))
        writer.setAttribute("VALIDMIN", of: lat, .real8([-90]))
        writer.setAttribute("UNITS", of: lat, .char("deg"))
        let records = 100
        // One record per call: the streaming path, crossing many block boundaries.
        for record in 0..<records {
            try writer.append([TT2000.from(unixMilliseconds: 1_756_684_800_000 + Int64(record) * 5000)], to: epoch)
            try writer.append((0..<6).map { Float(record * 6 + $0) * 0.5 }, to: dose)
            try writer.append([Int8(record % 100 - 50)], to: small)
            try writer.append((0..<8).map { UInt16(record * 8 + $0) }, to: wide)
            try writer.append([Double(record), -Double(record), 1e-300], to: lat)
        }
        try writer.append([101, 105, 181] as [Int32], to: ids)
        try writer.append(strings: ["REACH-101", "REACH-105", "REACH-181"], to: labels)
        try writer.close()
    }

    @Test(arguments: [(CDFEncoding.littleEndian, 1 << 20), (.littleEndian, 64), (.bigEndian, 200)])
    func nasaAndCdflibReadWhatFerryWrites(_ encoding: CDFEncoding, _ blockBytes: Int) async throws {
        let path = directory.path("sample.cdf")
        try writeSample(path, encoding: encoding, blockBytes: blockBytes)
        let peers = try await readBack(path)
        for peer in ["nasa", "cdflib"] {
            let file = try #require(peers[peer] as? [String: Any], "\(peer)")
            let epoch = try #require(file["Epoch"] as? [String: Any])
            let epochs = try #require(epoch["values"] as? [Int])
            #expect(epochs.count == 100)
            #expect(epochs.first == Int(TT2000.from(unixMilliseconds: 1_756_684_800_000)))
            #expect(epochs.last == Int(TT2000.from(unixMilliseconds: 1_756_684_800_000 + 99 * 5000)))
            let dose = try #require((file["dose_rate"] as? [String: Any])?["values"] as? [[[Double]]])
            #expect(dose.count == 100 && dose[7][2][1] == Double(7 * 6 + 5) * 0.5, "\(peer) row-major (t, 3, 2)")
            let wide = try #require((file["wide"] as? [String: Any])?["values"] as? [[[[Int]]]])
            #expect(wide[99][1][0][1] == 99 * 8 + 5)
            #expect((file["small"] as? [String: Any])?["values"] as? [Int] == (0..<100).map { $0 % 100 - 50 })
            let ids = (file["sensor_ids"] as? [String: Any])?["values"]
            #expect(ids as? [Int] == [101, 105, 181] || ids as? [[Int]] == [[101, 105, 181]], "\(peer): \(String(describing: ids))")
            let labels = (file["sensor_labels"] as? [String: Any])?["values"]
            #expect(labels as? [String] == ["REACH-101", "REACH-105", "REACH-181"]
                    || labels as? [[String]] == [["REACH-101", "REACH-105", "REACH-181"]], "\(peer): \(String(describing: labels))")
            let attrs = try #require((file["dose_rate"] as? [String: Any])?["attrs"] as? [String: Any])
            #expect(attrs["UNITS"] as? String == "rad/s" && attrs["DEPEND_0"] as? String == "Epoch")
            #expect((attrs["FILLVAL"] as? Double).map { abs($0 / -1e31 - 1) < 1e-6 } == true)
            let globals = try #require(file["globals"] as? [String: Any])
            #expect(globals["Project"] as? [String] == ["Ferry test"])
            #expect((globals["MODS"] as? [Any])?.count == 3)
        }
        let nasa = try #require(peers["nasa"] as? [String: Any])
        #expect((nasa["Epoch"] as? [String: Any])?["type"] as? Int == 33)
        #expect((nasa["sensor_ids"] as? [String: Any])?["rv"] as? Bool == false)
    }

    /// Appends of every size to GZIP variables (small ones gathered into batches, large ones
    /// compressed straight from the caller's array, partial blocks carried over) read back whole.
    /// Both deflate engines (scripts/test installs libdeflate) write what the peers read.
    @Test(arguments: [CDFEncoding.littleEndian, .bigEndian], CDFDeflateEngine.allCases)
    func mixedAppendSizesToCompressedVariablesReadBack(_ encoding: CDFEncoding, _ engine: CDFDeflateEngine) async throws {
        let path = directory.path("mixed.cdf")
        let writer = try CDFWriter(path: path, encoding: encoding, options: .init(md5: true, deflateEngine: engine))
        let counts = try writer.define(.init(name: "counts", type: .int4, dimensions: [3], compression: .gzip, blockingFactor: 7))
        let level = try writer.define(.init(name: "level", type: .real8, compression: .gzip(level: 9), blockingFactor: 50))
        var next = 0
        for size in [1, 1, 1000, 3, 1, 5000, 6, 7, 8, 1, 20_000, 2] {
            try writer.append((next..<(next + size)).flatMap { [Int32($0), Int32(-$0), Int32($0 % 5)] }, to: counts)
            try writer.append((next..<(next + size)).map { Double($0 % 100) / 4 }, to: level)
            next += size
        }
        try writer.close()
        let peers = try await readBack(path)
        for peer in ["nasa", "cdflib"] {
            let file = try #require(peers[peer] as? [String: Any], "\(peer)")
            let values = try #require((file["counts"] as? [String: Any])?["values"] as? [[Int]])
            #expect(values.count == next && values.enumerated().allSatisfy { $1 == [$0, -$0, $0 % 5] }, "\(peer)")
            let levels = try #require((file["level"] as? [String: Any])?["values"] as? [Double])
            #expect(levels == (0..<next).map { Double($0 % 100) / 4 }, "\(peer)")
        }
    }

    @Test func anUnclosedWriterLeavesNoFileBehind() throws {
        let path = directory.path("never.cdf")
        do {
            let writer = try CDFWriter(path: path)
            let v = try writer.define(.init(name: "x", type: .real8))
            try writer.append([1.0, 2.0], to: v)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
    }

    @Test func misuseIsAnErrorNamingTheVariable() throws {
        let writer = try CDFWriter(path: directory.path("bad.cdf"))
        let v = try writer.define(.init(name: "dose", type: .real4, dimensions: [2]))
        #expect { try writer.append([1.0, 2.0] as [Double], to: v) } throws: { "\($0)".contains("dose") }
        #expect { try writer.append([1, 2, 3] as [Float], to: v) } throws: { "\($0)".contains("whole number") }
        #expect { try writer.define(.init(name: "dose", type: .int4)) } throws: { "\($0)".contains("twice") }
        #expect { try writer.define(.init(name: "", type: .int4)) } throws: { "\($0)".contains("name") }
    }
}
