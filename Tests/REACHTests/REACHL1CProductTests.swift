import Foundation
import Testing
import FerryTestSupport
import UTCDate
import CDF
@testable import REACH

/// A reference-style day artifact → Ferry's L1C CDF → checked by spacepy's ISTP rules and read by cdflib.
@Suite struct REACHL1CProductTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Writes an artifact the way the reference tool does (Python-literal nested cells) with duplicates,
    /// a record lacking idSensor, and a record for an unknown vehicle.
    static let artifactWriter = """
        import csv, sys
        rows = []
        def rec(sensor, obs, t, slot, letter, value, created="2025-12-01T00:00:00.000Z", lat=10.0):
            return {"id": f"{sensor}-{t}-{slot}-{created}", "idSensor": sensor, "observatoryName": obs,
                    "lat": lat, "lon": 20.5, "alt": 790.25, "senPos": str([1000.5, -2000.25, 3000.125]),
                    "obTime": f"2025-09-01T00:00:{t:02d}.000Z",
                    "seoList": str([{"obType": "Energetic Charged Particle", "obUoM": "rad/second", "obValue": value,
                                     "obQuality": "0", "obDescription": f"DOSE{slot + 1} (Flavor {letter}) in rad/second"}]),
                    "descriptor": "QUICKLOOK", "createdAt": created}
        for t in (0, 5, 10):
            rows.append(rec("REACH-101", "Iridium-102", t, 0, "X", 1e-6 * (t + 1)))
            rows.append(rec("REACH-101", "Iridium-102", t, 1, "W", 2e-6 * (t + 1)))
        rows.append(rec("", "Iridium-106", 5, 1, "U", 7.5e-7))                      # sensor recovered: REACH-105
        rows.append(rec("REACH-101", "Iridium-102", 5, 0, "X", 9e-6, "2025-12-02T00:00:00.000Z", lat=11.0))  # newer duplicate
        rows.append(rec("REACH-101", "Iridium-102", 10, 0, "X", 8e-6, "2025-11-01T00:00:00.000Z"))  # older duplicate
        rows.append(rec("", "Iridium-999", 5, 0, "X", 1.0))                          # unresolved: dropped
        with open(sys.argv[1], "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        """

    static let checker = """
        import json, sys, os
        os.environ["CDF_VALIDATE"] = "yes"
        from spacepy import pycdf
        from spacepy.pycdf import istp
        import cdflib, numpy as np
        with pycdf.CDF(sys.argv[1]) as f:
            problems = istp.FileChecks.all(f)
            for name in f:
                problems += [f"{name}: {p}" for p in istp.VariableChecks.all(f[name])]
            units = f["dose_rate"].attrs["UNITS"]
            source = f.attrs["UDL_Source"][0]
            logical = f.attrs["Logical_file_id"][0]
        c = cdflib.CDF(sys.argv[1])
        dose = c.varget("dose_rate")
        out = {"problems": problems, "units": units, "source": source, "logical": logical,
               "epochs": [int(x) for x in c.varget("Epoch")], "dose_shape": list(dose.shape),
               "dose_101": dose[:, 0, :].tolist(), "dose_105_u": dose[:, 2, 1].tolist(),
               "lat_101": c.varget("lat")[:, 0].tolist(), "sensor_ids": c.varget("sensor_ids").tolist(),
               "flavors_105": [str(x) for x in c.varget("dosimeter_flavors")[2]]}
        print(json.dumps(out))
        """

    @Test func referenceArtifactBecomesAnISTPCompliantCDF() async throws {
        let day = UTCDay("2025-09-01")!
        let input = directory.path("REACH-ALL_20250901T000000_20250902T000000.csv")
        try await PythonPeer.run(Self.artifactWriter, arguments: [input])
        let output = directory.path("out")
        let (path, counts) = try REACHL1CProcessor(sensorID: "ALL").process(day: day, input: input, outputDirectory: output)
        #expect(path == output + "/l1c/prelim/2025/09/01/reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf")
        #expect(counts.sensorsRecovered == 1 && counts.droppedUnresolvedSensor == 1 && counts.duplicatesDropped == 2)

        let report = try await PythonPeer.run(Self.checker, arguments: [path])
        let json = try #require(try JSONSerialization.jsonObject(with: report.stdout) as? [String: Any])
        #expect(json["problems"] as? [String] == [], "ISTP: \(json["problems"] ?? "")")
        #expect(json["units"] as? String == "rad/s")
        #expect(json["source"] as? String == "QUICKLOOK")
        #expect(json["logical"] as? String == "reach_all_l1c_prelim_20250901T000000_v1.0.0")
        let base = TT2000.from(year: 2025, month: 9, day: 1)
        #expect(json["epochs"] as? [Int] == [0, 5, 10].map { Int(base) + $0 * 1_000_000_000 })
        #expect(json["dose_shape"] as? [Int] == [3, 32, 2])
        let dose101 = try #require(json["dose_101"] as? [[Double]])
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= abs(b) * 1e-6 }
        #expect(close(dose101[0][0], 1e-6) && close(dose101[0][1], 2e-6))
        #expect(close(dose101[1][0], 9e-6), "the newer createdAt wins")
        #expect(close(dose101[2][0], 1.1e-5), "the older duplicate loses")
        let dose105 = try #require(json["dose_105_u"] as? [Double])
        #expect(dose105[0] < -1e30 && close(dose105[1], 7.5e-7) && dose105[2] < -1e30)
        #expect((json["lat_101"] as? [Double])?[1] == 11.0)
        #expect((json["sensor_ids"] as? [Int])?.count == 32)
        #expect(json["flavors_105"] as? [String] == ["Flavor Y", "Flavor U"])
    }
}
