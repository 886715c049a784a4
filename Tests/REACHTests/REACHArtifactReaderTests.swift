import Foundation
import Testing
import FerryTestSupport
import UTCDate
@testable import REACH

/// Day artifacts as the reference tool writes them (pandas: nested values as Python reprs) and as
/// JSON, both produced by Python itself.
@Suite struct REACHArtifactReaderTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    static let writer = """
        import csv, json, sys
        records = [
            {"id": "a", "idSensor": "REACH-135", "observatoryName": "Iridium-126", "lat": -36.5228, "lon": -43.1992,
             "alt": 792.509, "senPos": [2641.6304332, -5135.1932749, -4251.2205054], "obTime": "2025-09-01T00:00:00.000Z",
             "seoList": [{"obType": "Energetic Charged Particle", "obUoM": "rad/second", "obValue": 4.02944e-05,
                          "obQuality": "0", "obDescription": "DOSE1 (Flavor X) in rad/second"}],
             "descriptor": "PROVISIONAL", "createdAt": "2025-12-03T12:03:37.462Z"},
            {"id": "b", "idSensor": None, "observatoryName": "Iridium-106", "lat": 1.5, "lon": 2.5, "alt": 800.0,
             "senPos": [1.0, 2.0, 3.0], "obTime": "2025-09-01T23:59:59.999Z",
             "seoList": [{"obType": "Energetic Charged Particle", "obUoM": "rad/second", "obValue": 1e-07,
                          "obQuality": "0", "obDescription": "DOSE2 (Flavor U) in rad/second"}],
             "descriptor": "PROVISIONAL", "createdAt": "2025-12-03T12:03:37.462Z"},
        ]
        columns = ["id", "idSensor", "observatoryName", "lat", "lon", "alt", "senPos", "obTime", "seoList",
                   "descriptor", "createdAt"]
        with open(sys.argv[1], "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\\n")
            w.writerow(columns)
            for r in records:
                w.writerow(["" if r[c] is None else (str(r[c]) if isinstance(r[c], (list, dict)) else r[c]) for c in columns])
        with open(sys.argv[2], "w") as fh:
            json.dump(records, fh, indent=1)
        """

    func read(_ path: String) throws -> [REACHObservation] {
        var observations: [REACHObservation] = []
        try REACHArtifactReader(path: path).forEachObservation { observations.append($0) }
        return observations
    }

    @Test func referenceCSVAndJSONReadTheSame() async throws {
        let csv = directory.path("REACH-ALL_20250901T000000_20250902T000000.csv")
        let json = directory.path("REACH-ALL_20250901T000000_20250902T000000.json")
        try await PythonPeer.run(Self.writer, arguments: [csv, json])
        let fromCSV = try read(csv), fromJSON = try read(json)
        #expect(fromCSV.count == 2)
        #expect(fromCSV == fromJSON)
        let first = try #require(fromCSV.first)
        #expect(first.sensorID == "REACH-135" && first.obTime == 1_756_684_800_000)
        #expect(first.position.x == 2641.6304332 && first.measurements.first?.value == 4.02944e-05)
        #expect(first.measurements.first?.quality == 0 && first.descriptor == "PROVISIONAL")
        #expect(fromCSV[1].sensorID == nil && fromCSV[1].observatoryName == "Iridium-106")
    }

    @Test func badCellsAreNamedWithFileLineAndField() throws {
        let path = directory.path("bad.csv")
        try Data("obTime,seoList,idSensor\n2025-09-01T00:00:00Z,\"[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1}]\",REACH-101\nnot-a-time,[],REACH-101\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(throws: REACHArtifactError(path: path, line: 3, field: "obTime", reason: "not a UDL time: \"not-a-time\"")) {
            try read(path)
        }
        try Data("obTime,seoList,idSensor\n2025-09-01T00:00:00Z,\"[{'obDescription': 'x'\",REACH-101\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect { try read(path) } throws: { "\($0)".contains("\(path):2 field seoList") }
        try Data("obTime,idSensor\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try read(path) } throws: { "\($0)".contains("field seoList: the header lacks this column") }
    }

    @Test func truncatedJSONIsAnError() throws {
        let path = directory.path("cut.json")
        try Data(#"[{"obTime": "2025-09-01T00:00:00Z", "seoList": [], "idSensor": "REACH-101"}, {"obTi"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect { try read(path) } throws: { "\($0)".contains(path) }
    }
}
