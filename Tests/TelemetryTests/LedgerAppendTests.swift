import Foundation
import Testing
import FerryTestSupport
@testable import Telemetry

@Suite struct LedgerAppendTests {
    static let header = LedgerColumn.header.joined(separator: ",") + "\r\n"

    @Test func writesTheHeaderWhenTheFileIsMissing() throws {
        let fixture = try LedgerFixture(name: "nested/dir/ledger.csv")
        try fixture.ledger.append(row("2025-09-01", .downloadPending, started: "t1"))
        #expect(fixture.text == Self.header + "run-1,2025-09-01,,,DOWNLOAD_PENDING" + String(repeating: ",", count: 12)
                + "t1" + String(repeating: ",", count: 7) + "\r\n")
    }

    @Test func writesTheHeaderWhenTheFileIsEmpty() throws {
        let fixture = try LedgerFixture()
        try fixture.write("")
        try fixture.ledger.append(row("2025-09-01", .downloaded, started: "t1"))
        #expect(fixture.text.hasPrefix(Self.header))
        #expect(fixture.text.components(separatedBy: "\r\n").filter { $0.hasPrefix("run_id") }.count == 1)
    }

    @Test func headerIsTheSeedsTwentyFourColumnsInOrder() {
        #expect(LedgerColumn.header == [
            "run_id", "chunk_date_utc", "window_start_utc", "window_end_utc", "status",
            "records_downloaded", "expected_records", "availability_pct", "download_seconds",
            "csv_size_mb", "csv_path", "sensor_id", "descriptor", "output_format", "error_type",
            "error_message", "started_at_utc", "finished_at_utc", "process_seconds", "cdf_size_mb",
            "cdf_path", "upload_seconds", "s3_bucket", "s3_key",
        ])
        #expect(Set(LedgerStatus.allCases.map(\.rawValue)) == [
            "DOWNLOAD_PENDING", "DOWNLOADED", "SKIPPED_NO_DATA", "FAILED", "PROCESS_PENDING",
            "PROCESSED", "UPLOAD_PENDING", "UPLOADED", "SKIPPED_NO_INPUT",
        ])
    }

    @Test func rejectsUnknownColumnsNamingThem() throws {
        let fixture = try LedgerFixture()
        #expect(throws: LedgerError.unknownColumns(["bogus", "zeta"])) {
            try fixture.ledger.append(fields: ["chunk_date_utc": "2025-09-01", "zeta": "1", "bogus": "2"])
        }
        #expect(LedgerError.unknownColumns(["bogus"]).description.contains("bogus"))
        #expect(!FileManager.default.fileExists(atPath: fixture.path), "a refused row writes nothing")
    }

    @Test func rejectsInvalidStatusesNamingThem() throws {
        let fixture = try LedgerFixture()
        #expect(throws: LedgerError.invalidStatus("DONE")) {
            try fixture.ledger.append(row("2025-09-01", nil, started: "t", [.status: "DONE"]))
        }
        #expect(throws: LedgerError.invalidStatus("downloaded")) {
            try fixture.ledger.append(fields: ["status": "downloaded"])
        }
        #expect(LedgerError.invalidStatus("DONE").description.contains("'DONE'"))
        #expect(LedgerError.invalidStatus("DONE").description.contains("status"))
    }

    @Test func acceptsAnEmptyStatusAsTheSeedDoes() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.append(fields: ["chunk_date_utc": "2025-09-01"])
        #expect(try fixture.ledger.rows().count == 1)
    }

    @Test func rowIsOnDiskWhenAppendReturns() throws {
        let fixture = try LedgerFixture()
        for index in 0..<20 {
            try fixture.ledger.append(row("2025-09-01", .downloadPending, started: "t\(index)"))
            // Read through a separate descriptor: what another process would see right now.
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: fixture.path))
            let lines = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).components(separatedBy: "\r\n")
            try handle.close()
            #expect(lines.count == index + 3)
        }
    }

    @Test func appendsInTheExistingHeadersOrderAndRefusesToMisplaceCells() throws {
        let fixture = try LedgerFixture()
        try fixture.write("status,chunk_date_utc,started_at_utc,run_id,extra\r\nDOWNLOADED,2025-09-01,t0,r0,x\r\n")
        try fixture.ledger.append(row("2025-09-02", .downloadPending, started: "t1", run: "r1"))
        #expect(fixture.text.hasSuffix("DOWNLOAD_PENDING,2025-09-02,t1,r1,\r\n"))
        #expect(throws: LedgerError.headerLacksColumns(path: fixture.path, columns: ["csv_path"])) {
            try fixture.ledger.append(row("2025-09-02", .downloaded, started: "t2", [.csvPath: "/x.csv"]))
        }
        #expect(try fixture.ledger.loadState().latest.count == 2)
    }

    @Test func timestampsHaveMicrosecondsAndUTCOffset() throws {
        let stamp = LedgerTimestamp.now()
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00/) != nil, "\(stamp)")
        #expect(LedgerTimestamp.format(secondsSinceEpoch: 1_756_684_800, microseconds: 5)
                == "2025-09-01T00:00:00.000005+00:00")
        #expect(LedgerTimestamp.format(secondsSinceEpoch: -1, microseconds: 999_999)
                == "1969-12-31T23:59:59.999999+00:00")
    }
}
