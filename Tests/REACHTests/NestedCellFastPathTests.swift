import Testing
import FerryTestSupport
import UDLRecordFormat
@testable import REACH

/// The byte-level reading of seoList/senPos cells must agree with the full parser wherever it
/// answers, answer for the shapes the UDL and the reference tool write, and step aside otherwise.
@Suite struct NestedCellFastPathTests {
    func fast(_ cell: String) -> [REACHObservation.Measurement]? {
        Array(cell.utf8).withUnsafeBufferPointer { NestedCellFastPath.measurements($0) }
    }

    func full(_ cell: String) throws -> [REACHObservation.Measurement] {
        try REACHObservation.measurements(from: try NestedValueParser.parse(cell), path: "x.csv", line: 2)
    }

    func fastPosition(_ cell: String) -> [Double]? {
        Array(cell.utf8).withUnsafeBufferPointer { NestedCellFastPath.position($0) }.map { [$0.x, $0.y, $0.z] }
    }

    static let plainCells = [
        "[{'obType': 'Energetic Charged Particle', 'obUoM': 'rad/second', 'obValue': 4.02944e-05, 'obQuality': '0', 'obDescription': 'DOSE1 (Flavor X) in rad/second'}]",
        #"[{"obType": "Energetic Charged Particle", "obUoM": "rad/second", "obValue": 1e-07, "obQuality": 0, "obDescription": "DOSE2 (Flavor U) in rad/second"}]"#,
        "[{'obDescription': 'DOSE1 (Flavor Y)', 'obValue': 2.5}, {'obDescription': 'DOSE2 (Flavor U)', 'obValue': -3E+2, 'obQuality': '1'}]",
        "[{'obDescription': 'DOSE1 (Flavor W)', 'obValue': '3.5e-6', 'obQuality': 2.0}]",
        "[{'obValue': 7, 'obDescription': 'earlier', 'obDescription': 'later wins', 'obQuality': 1.5, 'obValue': 8}]",
        "[ { 'obDescription' : 'spaced (Flavor Z)' , 'obValue' : 1.0 } ]",
        "[]",
    ]

    @Test(arguments: plainCells)
    func plainCellsAreReadFastAndAsTheFullParserReadsThem(_ cell: String) throws {
        let quick = try #require(fast(cell), "the fast path should take \(cell)")
        #expect(quick == (try full(cell)))
    }

    static let otherCells = [
        #"[{'obDescription': 'it\'s (Flavor X)', 'obValue': 1.0}]"#,       // escape
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1.0, 'obQuality': None}]",   // Python word
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': NaN}]",
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1.0, 'extra': [1, 2]}]",      // nested value
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1.0},]",                      // trailing comma
        "[{'obDescription': 'DOSE1 (Flavor X)'}]",                                       // no obValue
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1.0}",                        // unclosed
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 0x10}]",
        "({'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1.0},)",                      // tuple
        "[{'obDescription': 'DOSE1 (Flavor X)', 'obValue': 1.0}] extra",
        "[{'obDescription': 12, 'obValue': 1.0}]",                                        // description not text
    ]

    @Test(arguments: otherCells)
    func otherCellsAreLeftToTheFullParser(_ cell: String) {
        #expect(fast(cell) == nil)
    }

    @Test func randomPlainCellsAgreeWithTheFullParser() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            let entries = (0..<Int.random(in: 1...3, using: &rng)).map { slot -> String in
                let value = Double.random(in: -12...(-3), using: &rng)
                let number = (Bool.random(using: &rng) ? 1 : -1) * Double.random(in: 1...9.99, using: &rng) * pow10(value)
                let quote = Bool.random(using: &rng) ? "'" : "\""
                let q = { (text: String) in "\(quote)\(text)\(quote)" }
                let quality = Bool.random(using: &rng) ? q("\(Int.random(in: 0...3, using: &rng))") : "\(Int.random(in: 0...3, using: &rng))"
                return "{\(q("obType")): \(q("Energetic Charged Particle")), \(q("obValue")): \(number), "
                    + "\(q("obQuality")): \(quality), \(q("obDescription")): \(q("DOSE\(slot + 1) (Flavor X) in rad/second"))}"
            }
            let cell = "[" + entries.joined(separator: ", ") + "]"
            let quick = try #require(fast(cell), "\(cell)")
            #expect(quick == (try full(cell)), "\(cell)")
        }
    }

    private func pow10(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(-exponent) { result /= 10 }
        return result
    }

    @Test func positions() {
        #expect(fastPosition("[2641.6304332, -5135.1932749, -4251.2205054]") == [2641.6304332, -5135.1932749, -4251.2205054])
        #expect(fastPosition("[1e3,-2E-2, +3]") == [1000, -0.02, 3])
        #expect(fastPosition("[1.0, 2.0]") == nil)
        #expect(fastPosition("(1.0, 2.0, 3.0)") == nil)
        #expect(fastPosition("[1.0, None, 3.0]") == nil)
        #expect(fastPosition("[1.0, 2.0, 3.0, 4.0]") == nil)
    }
}
