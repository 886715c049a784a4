import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// The two deflate engines behind GZIP variables write standard gzip members that read back the
/// same. (The peers reading both engines' files: CDFWriterInteropTests.)
@Suite struct CDFDeflateEngineTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test func libdeflateLoadsAndIsTheDefaultWhereItIsInstalled() {
        // scripts/test installs libdeflate0, so its absence here is a broken environment.
        #expect(CDFDeflateEngine.isAvailable(.libdeflate))
        #expect(CDFDeflateEngine.fastest == .libdeflate)
        #expect(CDFFileOptions().deflateEngine == .libdeflate)
    }

    @Test(arguments: [1, 6, 9])
    func bothEnginesWriteGzipMembersThatReadBackTheSame(_ level: Int) throws {
        let doses = (0..<40_000).map { Float(($0 * 7919) % 100_003) * 0.01 }
        var sizes: [CDFDeflateEngine: Int] = [:]
        for engine in CDFDeflateEngine.allCases {
            let path = directory.path("\(engine)-\(level).cdf")
            let writer = try CDFWriter(path: path, options: .init(deflateEngine: engine))
            let dose = try writer.define(.init(name: "dose", type: .real4, dimensions: [4],
                                                compression: .gzip(level: level), blockingFactor: 2_000))
            try writer.append(doses, to: dose)
            try writer.close()
            let file = try CDFFile(path: path)
            let variable = try #require(file.variable("dose"))
            let blocks = file.indexes[try #require(file.variables.firstIndex(of: variable))]
            #expect(blocks.count == 5 && blocks.allSatisfy(\.compressed), "\(engine): five compressed blocks")
            #expect(try file.values(of: variable, records: 0..<10_000) == .real4(doses), "\(engine)")
            sizes[engine] = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        }
        // From level 6 on libdeflate's output is no larger; its level 1 trades more size for speed.
        let zlib = try #require(sizes[.zlib]), libdeflate = try #require(sizes[.libdeflate])
        #expect(Double(libdeflate) <= Double(zlib) * (level >= 6 ? 1 : 1.15), "level \(level): zlib \(zlib) B, libdeflate \(libdeflate) B")
    }

    /// zlib, which NASA's library and cdflib use, inflates what libdeflate writes.
    @Test func aGzipMemberFromLibdeflateIsStandard() throws {
        let libdeflate = try #require(Libdeflate.shared)
        let input = Array("Ferry moves mission data. ".utf8) + [UInt8](repeating: 7, count: 10_000)
        let member = try input.withUnsafeBytes { try libdeflate.gzip($0, level: 6) }
        #expect(member.prefix(3) == [0x1F, 0x8B, 0x08], "gzip magic and DEFLATE method")
        #expect(member.count < input.count / 10)
        var inflated = [UInt8](repeating: 0, count: input.count)
        try member.withUnsafeBytes { source in
            let count = try inflated.withUnsafeMutableBytes { try GzipInflate.inflate(source, into: $0, engine: .zlib) }
            #expect(count == input.count)
        }
        #expect(inflated == input)
    }
}
