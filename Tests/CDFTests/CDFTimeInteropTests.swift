import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// EPOCH, EPOCH16 and TT2000 conversions against NASA's library (spacepy) and cdflib.
@Suite struct CDFTimeInteropTests {
    static let instants: [[Int]] = [
        // year, month, day, hour, minute, second, millisecond, microsecond, nanosecond, picosecond
        [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [1582, 10, 15, 12, 0, 0, 0, 0, 0, 0], [1960, 1, 1, 0, 0, 0, 0, 0, 0, 0],
        [1965, 6, 30, 23, 59, 59, 999, 0, 0, 0], [1968, 2, 1, 0, 0, 0, 0, 0, 0, 0], [1971, 12, 31, 23, 59, 59, 500, 0, 0, 0],
        [1972, 1, 1, 0, 0, 0, 0, 0, 0, 0], [1999, 12, 31, 23, 59, 59, 999, 999, 999, 0], [2000, 1, 1, 12, 0, 0, 0, 0, 0, 0],
        [2005, 9, 20, 3, 5, 46, 156, 111, 222, 0], [2016, 12, 31, 23, 59, 59, 0, 0, 1, 0], [2017, 1, 1, 0, 0, 0, 0, 0, 0, 0],
        [2025, 9, 1, 13, 14, 15, 16, 17, 18, 19], [2038, 1, 19, 3, 14, 7, 121, 243, 999, 0], [2099, 12, 31, 23, 59, 59, 999, 0, 0, 0],
    ]

    @Test func epochEpoch16AndTT2000MatchBothPeers() async throws {
        // cdflib computes every field; NASA's library (through spacepy's datetime conversions) sees
        // microseconds, so its TT2000 is compared with ours at microsecond resolution.
        let script = """
            import json, sys, datetime
            from spacepy import pycdf
            import cdflib
            out = []
            for y, mo, d, h, mi, s, ms, us, ns, ps in json.loads(sys.argv[1]):
                e = cdflib.cdfepoch.compute_epoch([y, mo, d, h, mi, s, ms])
                e16 = cdflib.cdfepoch.compute_epoch16([y, mo, d, h, mi, s, ms, us, ns, ps])
                dt = datetime.datetime(y, mo, d, h, mi, s, ms * 1000)
                dtu = datetime.datetime(y, mo, d, h, mi, s, ms * 1000 + us)
                item = {"epoch": float(e), "nasa_epoch": float(pycdf.lib.datetime_to_epoch(dt)), "epoch16": [float(e16.real), float(e16.imag)]}
                if y >= 1700:
                    item["tt2000"] = int(cdflib.cdfepoch.compute_tt2000([y, mo, d, h, mi, s, ms, us, ns]))
                    item["nasa_tt2000_us"] = int(pycdf.lib.datetime_to_tt2000(dtu))
                out.append(item)
            print(json.dumps(out))
            """
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: Self.instants), as: UTF8.self)
        let output = try await PythonPeer.run(script, arguments: [arguments])
        let peers = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [[String: Any]])
        for (instant, peer) in zip(Self.instants, peers) {
            let (y, mo, d, h, mi, s, ms) = (instant[0], instant[1], instant[2], instant[3], instant[4], instant[5], instant[6])
            let picoseconds = Int64(ms) * 1_000_000_000 + Int64(instant[7]) * 1_000_000 + Int64(instant[8]) * 1000 + Int64(instant[9])
            let epoch = CDFEpoch.from(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms)
            #expect(peer["epoch"] as? Double == epoch && peer["nasa_epoch"] as? Double == epoch, "\(instant) \(peer) \(epoch)")
            let epoch16 = CDFEpoch16.from(year: y, month: mo, day: d, hour: h, minute: mi, second: s, picosecond: picoseconds)
            #expect(peer["epoch16"] as? [Double] == [epoch16.seconds, epoch16.picoseconds], "\(instant) \(peer)")
            #expect(CDFEpoch.components(epoch) == CDFTimeComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s,
                                                                       picosecond: Int64(ms) * 1_000_000_000))
            #expect(CDFEpoch16.components(seconds: epoch16.seconds, picoseconds: epoch16.picoseconds)
                    == CDFTimeComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s, picosecond: picoseconds))
            if let tt = peer["tt2000"] as? Int {
                let nanoseconds = picoseconds / 1000
                let ours = TT2000.from(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: nanoseconds)
                let ourMicroseconds = TT2000.from(year: y, month: mo, day: d, hour: h, minute: mi, second: s, nanosecond: nanoseconds / 1000 * 1000)
                #expect(Int(ours) == tt, "\(instant): ferry \(ours), cdflib \(tt)")
                #expect(peer["nasa_tt2000_us"] as? Int == Int(ourMicroseconds), "\(instant): ferry \(ourMicroseconds), nasa \(String(describing: peer["nasa_tt2000_us"]))")
                #expect(TT2000.components(ours) == CDFTimeComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s,
                                                                        picosecond: nanoseconds * 1000), "\(instant)")
            }
        }
    }

    @Test func tt2000ComponentsInvertTheReferenceCheckValues() {
        #expect(TT2000.components(536_500_868_184_000_000) == CDFTimeComponents(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60))
        #expect(TT2000.components(536_500_869_184_000_000) == CDFTimeComponents(year: 2017, month: 1, day: 1))
        #expect(TT2000.components(536_500_868_684_000_000) == CDFTimeComponents(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60,
                                                                                  picosecond: 500_000_000_000))
        #expect(TT2000.components(180_457_610_340_111_222) == CDFTimeComponents(year: 2005, month: 9, day: 20, hour: 3, minute: 5, second: 46,
                                                                                  picosecond: 156_111_222_000))
        #expect(TT2000.components(64_184_000_000) == CDFTimeComponents(year: 2000, month: 1, day: 1, hour: 12))
    }
}
