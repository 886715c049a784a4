import Foundation
import Testing
import FerryTestSupport
@testable import Telemetry

/// Two processes appending thousands of rows each to one ledger never interleave parts of rows.
@Suite struct LedgerConcurrencyTests {
    @Test func twoProcessesAppendingThousandsOfRowsEach() async throws {
        let fixture = try LedgerFixture()
        let tool = BuiltProducts.path("ledger-append")
        let perWriter = 3000
        async let a = ProcessOutput.run(tool, [fixture.path, String(perWriter), "A"])
        async let b = ProcessOutput.run(tool, [fixture.path, String(perWriter), "B"])
        let (outA, outB) = try await (a, b)
        #expect(outA.status == 0, "\(outA.stdoutText)")
        #expect(outB.status == 0, "\(outB.stdoutText)")

        let rows = try fixture.ledger.rows()
        #expect(rows.count == 2 * perWriter)
        for writer in ["A", "B"] {
            let mine = rows.filter { $0.runID == writer }
            #expect(mine.map(\.recordsDownloaded) == (0..<perWriter).map(String.init), "writer \(writer) rows whole and in order")
            for row in mine {
                let sequence = row.recordsDownloaded
                #expect(row.errorMessage == "\(writer) row \(sequence), with \"quotes\",\ncommas and a newline; "
                        + String(repeating: writer, count: 40))
                #expect(row.errorType == "Writer\(writer)" && row.status == "FAILED")
            }
        }
        #expect(fixture.text.components(separatedBy: "run_id,chunk_date_utc").count == 2, "one header")
    }
}
