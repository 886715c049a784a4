import Foundation
import Testing
import FerryTestSupport
import UTCDate
@testable import Telemetry

/// A crash mid-append leaves the last row cut off; the ledger must still load, and the next
/// append must not merge with the torn bytes.
@Suite struct LedgerTornTailTests {
    /// Two whole rows, then the first `cut` bytes of a third.
    func tornLedger(cut: Int, message: String = "plain") throws -> (LedgerFixture, whole: String) {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "t1", run: "whole-1"))
        try fixture.ledger.append(row("2025-09-02", .downloaded, started: "t1", run: "whole-2"))
        let whole = fixture.text
        let third = row("2025-09-03", .failed, started: "t9", run: "torn", [.errorMessage: message])
        var bytes: [UInt8] = Array(whole.utf8)
        var encoded: [UInt8] = []
        for (index, cell) in third.cells.enumerated() {
            if index > 0 { encoded.append(UInt8(ascii: ",")) }
            if cell.contains(",") || cell.contains("\"") || cell.contains("\n") {
                encoded += [UInt8(ascii: "\"")] + Array(cell.replacingOccurrences(of: "\"", with: "\"\"").utf8) + [UInt8(ascii: "\"")]
            } else {
                encoded += Array(cell.utf8)
            }
        }
        bytes += encoded.prefix(cut)
        try Data(bytes).write(to: URL(fileURLWithPath: fixture.path))
        return (fixture, whole)
    }

    @Test(arguments: [1, 10, 20, 30])
    func tornRowIsIgnoredWithAWarning(_ cut: Int) throws {
        let (fixture, _) = try tornLedger(cut: cut)
        let state = try fixture.ledger.loadState()
        #expect(state.latest.count == 2)
        #expect(state.latest[UTCDay("2025-09-03")!] == nil)
        #expect(state.tornTail?.line == 4)
    }

    @Test(arguments: [5, 25, 40])
    func nextAppendStartsOnItsOwnLine(_ cut: Int) throws {
        let (fixture, whole) = try tornLedger(cut: cut)
        try fixture.ledger.append(row("2025-09-04", .downloaded, started: "t2", run: "after"))
        #expect(fixture.text.hasPrefix(whole))
        let state = try fixture.ledger.loadState()
        let after = try #require(state.latest[UTCDay("2025-09-04")!])
        #expect(after.runID == "after" && after.status == "DOWNLOADED" && after.startedAtUTC == "t2")
        #expect(state.tornTail == nil)
    }

    /// Cut inside a quoted error message: without closing the quote, the next row would become
    /// part of the torn row's message.
    @Test func tornInsideAQuotedFieldIsClosedBeforeTheNextRow() throws {
        let message = "error, with \"quotes\" and\na newline that goes on and on"
        let (fixture, _) = try tornLedger(cut: 60, message: message)
        #expect(try fixture.ledger.loadState().tornTail != nil)
        try fixture.ledger.append(row("2025-09-04", .downloaded, started: "t2", run: "after"))
        try fixture.ledger.append(row("2025-09-05", .downloaded, started: "t2", run: "after-2"))
        let state = try fixture.ledger.loadState()
        #expect(state.latest[UTCDay("2025-09-04")!]?.runID == "after")
        #expect(state.latest[UTCDay("2025-09-05")!]?.runID == "after-2")
        #expect(state.latest[UTCDay("2025-09-01")!]?.runID == "whole-1")
    }

    @Test func aFileEndingInALoneCarriageReturnIsCompletedNotTorn() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "t1"))
        var text = fixture.text
        text.removeLast()  // drop the LF of the final CRLF; Swift treats "\r\n" as one Character
        try fixture.write(String(fixture.text.utf8.dropLast()) ?? text)
        #expect(try fixture.ledger.loadState().latest.count == 1)
        try fixture.ledger.append(row("2025-09-02", .downloaded, started: "t1"))
        #expect(fixture.text.components(separatedBy: "\r\n").count == 4)
        #expect(try fixture.ledger.loadState().latest.count == 2)
    }
}
