import Foundation
import Testing
import FerryTestSupport
@testable import CDF

/// Ferry's ISTP checker and spacepy.pycdf.istp (FileChecks and every VariableChecks test) flag the
/// same faults on the same files.
@Suite struct ISTPCheckerInteropTests {
    let directory: TemporaryDirectory
    static let fileName = "ferry_l2_flux_20250901_v01.cdf"

    init() throws { directory = try TemporaryDirectory() }

    static let compliant = """
        {"attributes": [
          {"name": "Project", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Ferry"}]},
          {"name": "Source_name", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "FERRY>Ferry test"}]},
          {"name": "Discipline", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Space Physics>Magnetospheric Science"}]},
          {"name": "Data_type", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "l2>Level 2"}]},
          {"name": "Descriptor", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "FLUX>flux"}]},
          {"name": "Data_version", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "01"}]},
          {"name": "Logical_file_id", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "ferry_l2_flux_20250901_v01"}]},
          {"name": "PI_name", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "A. Person"}]},
          {"name": "PI_affiliation", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Somewhere"}]},
          {"name": "TEXT", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "A test file."}, {"num": 1, "type": "CDF_CHAR", "value": "Second line."}]},
          {"name": "Instrument_type", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Particles (space)"}]},
          {"name": "Mission_group", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Ferry"}]},
          {"name": "Logical_source", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "ferry_l2_flux"}]},
          {"name": "Logical_source_description", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Level 2 flux"}]}
        ],
        "variables": [
          {"name": "Epoch", "type": "CDF_TIME_TT2000", "records": [809956869184000000, 809956874184000000, 809956879184000000],
           "attributes": {"FIELDNAM": {"type": "CDF_CHAR", "value": "Epoch"}, "CATDESC": {"type": "CDF_CHAR", "value": "Time"},
             "VAR_TYPE": {"type": "CDF_CHAR", "value": "support_data"}, "UNITS": {"type": "CDF_CHAR", "value": "ns"},
             "FILLVAL": {"type": "CDF_TIME_TT2000", "value": -9223372036854775808},
             "VALIDMIN": {"type": "CDF_TIME_TT2000", "value": 536500869184000000}, "VALIDMAX": {"type": "CDF_TIME_TT2000", "value": 3155716869184000000}}},
          {"name": "labels", "type": "CDF_CHAR", "numElems": 3, "dims": [2], "recVary": false, "records": [["lo", "hi"]],
           "attributes": {"FIELDNAM": {"type": "CDF_CHAR", "value": "labels"}, "CATDESC": {"type": "CDF_CHAR", "value": "Channel labels"},
             "VAR_TYPE": {"type": "CDF_CHAR", "value": "metadata"}, "FILLVAL": {"type": "CDF_CHAR", "value": " "}}},
          {"name": "ids", "type": "CDF_INT4", "dims": [2], "recVary": false, "records": [[1, 2]],
           "attributes": {"FIELDNAM": {"type": "CDF_CHAR", "value": "ids"}, "CATDESC": {"type": "CDF_CHAR", "value": "Channel numbers"},
             "VAR_TYPE": {"type": "CDF_CHAR", "value": "support_data"}, "FILLVAL": {"type": "CDF_INT4", "value": -2147483648},
             "VALIDMIN": {"type": "CDF_INT4", "value": 0}, "VALIDMAX": {"type": "CDF_INT4", "value": 10}}},
          {"name": "flux", "type": "CDF_REAL4", "dims": [2], "records": [[1.5, 2.5], [-1e31, 3], [0, 99]],
           "attributes": {"FIELDNAM": {"type": "CDF_CHAR", "value": "flux"}, "CATDESC": {"type": "CDF_CHAR", "value": "Flux per channel"},
             "VAR_TYPE": {"type": "CDF_CHAR", "value": "data"}, "DEPEND_0": {"type": "CDF_CHAR", "value": "Epoch"},
             "DEPEND_1": {"type": "CDF_CHAR", "value": "ids"}, "LABL_PTR_1": {"type": "CDF_CHAR", "value": "labels"},
             "DISPLAY_TYPE": {"type": "CDF_CHAR", "value": "spectrogram"}, "FORMAT": {"type": "CDF_CHAR", "value": "E12.4"},
             "UNITS": {"type": "CDF_CHAR", "value": "1/cm2/s"}, "FILLVAL": {"type": "CDF_REAL4", "value": -1e31},
             "VALIDMIN": {"type": "CDF_REAL4", "value": 0}, "VALIDMAX": {"type": "CDF_REAL4", "value": 100}}},
          {"name": "count", "type": "CDF_UINT2", "records": [1, 2, 65535],
           "attributes": {"FIELDNAM": {"type": "CDF_CHAR", "value": "count"}, "CATDESC": {"type": "CDF_CHAR", "value": "Counts"},
             "VAR_TYPE": {"type": "CDF_CHAR", "value": "data"}, "DEPEND_0": {"type": "CDF_CHAR", "value": "Epoch"},
             "DISPLAY_TYPE": {"type": "CDF_CHAR", "value": "time_series"}, "FORMAT": {"type": "CDF_CHAR", "value": "I5"},
             "LABLAXIS": {"type": "CDF_CHAR", "value": "Counts"}, "UNITS": {"type": "CDF_CHAR", "value": "counts"},
             "FILLVAL": {"type": "CDF_UINT2", "value": 65535}, "VALIDMIN": {"type": "CDF_UINT2", "value": 0}, "VALIDMAX": {"type": "CDF_UINT2", "value": 1000}}}
        ]}
        """

    static let spacepyChecks = """
        import json, sys
        from spacepy import pycdf
        from spacepy.pycdf import istp
        out = []
        with pycdf.CDF(sys.argv[1]) as f:
            for name in ["empty_entry", "filename", "time_monoton", "times"]:
                out += [[None, name, m] for m in getattr(istp.FileChecks, name)(f)]
            for v in f:
                for name in ["depends", "deltas", "depsize", "empty_entry", "fillval", "recordcount", "validrange",
                             "validscale", "validdisplaytype", "fieldnam"]:
                    out += [[v, name, m] for m in getattr(istp.VariableChecks, name)(f[v])]
            assert len(istp.FileChecks.all(f)) == len(out)
        print(json.dumps(out))
        """
    static let spacepyRules: Set<String> = ["empty_entry", "filename", "time_monoton", "times", "depends", "deltas", "depsize",
                                            "fillval", "recordcount", "validrange", "validscale", "validdisplaytype", "fieldnam"]

    /// Writes the document, runs both checkers, returns (variable, rule) pairs sorted, per tool.
    func findings(_ document: CDFDocument) async throws -> (ferry: [String], spacepy: [String], ferryAll: [ISTPFinding], spacepyMessages: [String]) {
        let path = directory.path(Self.fileName)
        try CDFDocumentWriter.write(document, to: path)
        let output = try await PythonPeer.run(Self.spacepyChecks, arguments: [path])
        let rows = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [[Any]])
        let spacepy = rows.map { "\(($0[0] as? String) ?? "-") \($0[1])" }.sorted()
        let ours = ISTPChecker.check(document, fileName: Self.fileName)
        let ferry = ours.filter { Self.spacepyRules.contains($0.rule) }.map { "\($0.variable ?? "-") \($0.rule)" }.sorted()
        return (ferry, spacepy, ours, rows.map { "\($0[0]) \($0[2])" })
    }

    @Test func aCompliantFilePassesBoth() async throws {
        let result = try await findings(try CDFDocument(json: Self.compliant))
        #expect(result.spacepy == [], "\(result.spacepyMessages)")
        #expect(result.ferryAll == [], "\(result.ferryAll)")
    }

    @Test func deliberateFaultsAreFlaggedByBoth() async throws {
        var document = try CDFDocument(json: Self.compliant)
        func set(_ variable: String, _ name: String, _ value: CDFValues?) {
            let index = document.variables.firstIndex { $0.name == variable }!
            document.variables[index].attributes.removeAll { $0.name == name }
            if let value { document.variables[index].attributes.append(.init(name: name, value: value)) }
        }
        set("flux", "FILLVAL", .real8([-1e31]))           // fillval: wrong type
        set("count", "FIELDNAM", .char("cnt"))            // fieldnam
        set("flux", "DEPEND_0", .char("Time"))            // depends (and Ferry: DEPEND_0 points nowhere)
        set("count", "DISPLAY_TYPE", .char("spectrogram")) // validdisplaytype
        set("ids", "VALIDMIN", .int4([20]))               // validrange: MIN > MAX, values under MIN
        set("labels", "CATDESC", .char(""))               // empty_entry
        set("count", "VALIDMAX", .int4([1000]))           // validrange: type
        let sourceIndex = document.attributes.firstIndex { $0.name == "Logical_source" }!
        document.attributes[sourceIndex].entries = [.init(number: 0, value: .char("other_l2_flux"))]   // filename
        document.variables[0].records = .numbers(.timeTT2000([809956869184000000, 809956879184000000,
                                                              809956874184000000]))  // time_monoton
        document.variables[0].maxRec = 2
        let result = try await findings(document)
        #expect(result.ferry == result.spacepy, "ferry: \(result.ferryAll)\nspacepy: \(result.spacepyMessages)")
        #expect(Set(result.spacepy.map { $0.split(separator: " ")[1] }) ==
                ["fillval", "fieldnam", "depends", "validdisplaytype", "validrange", "empty_entry", "filename", "time_monoton"])
    }

    @Test func missingAndIllTypedRequiredAttributesAreReported() throws {
        var document = try CDFDocument(json: Self.compliant)
        document.attributes.removeAll { $0.name == "PI_name" }
        let index = document.attributes.firstIndex { $0.name == "Mission_group" }!
        document.attributes[index].entries = [.init(number: 0, value: .int4([1]))]
        let flux = document.variables.firstIndex { $0.name == "flux" }!
        document.variables[flux].attributes.removeAll { $0.name == "UNITS" || $0.name == "LABL_PTR_1" || $0.name == "DEPEND_1" }
        document.variables[flux].attributes.append(.init(name: "DEPEND_1", value: .int4([3])))
        let found = Set(ISTPChecker.check(document).map(\.description))
        #expect(found.isSuperset(of: ["No PI_name global attribute.", "Global attribute Mission_group is CDF_INT4, expected CDF_CHAR.",
                                      "flux: No UNITS attribute.", "flux: DEPEND_1 is CDF_INT4, expected CDF_CHAR."]), "\(found)")
        let count = document.variables.firstIndex { $0.name == "count" }!
        document.variables[count].attributes.removeAll { $0.name == "VAR_TYPE" }
        #expect(ISTPChecker.check(document).contains { $0.variable == "count" && $0.rule == "var_type" })
    }
}
