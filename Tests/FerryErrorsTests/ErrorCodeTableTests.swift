import FerryErrors
import Foundation
import Testing

/// The one table from an error code to the ledger's `error_type` and the exit status, row by row.
@Suite struct ErrorCodeTableTests {
    static let table: [(code: ErrorCode, errorType: String, exit: CommandExitStatus)] = [
        (.authentication, "AuthError", .configuration),
        (.httpStatus, "HTTPError", .unitFailed),
        (.transport, "TransportError", .unitFailed),
        (.resultCap, "ResultCapError", .unitFailed),
        (.io, "IOError", .unitFailed),
        (.invalidArtifact, "REACHArtifactError", .unitFailed),
        (.cdf, "CDFError", .unitFailed),
        (.objectStore, "ObjectStoreError", .unitFailed),
        (.ledger, "LedgerError", .configuration),
        (.configuration, "ConfigurationError", .configuration),
        (.cancelled, "Cancelled", .unitFailed),
        (.unclassified, "UnclassifiedError", .unitFailed),
    ]

    @Test(arguments: table.indices)
    func tableRow(_ index: Int) {
        let row = Self.table[index]
        #expect(row.code.ledgerErrorType == row.errorType, "\(row.code)")
        #expect(row.code.exitStatus == row.exit, "\(row.code)")
        #expect(row.code.stopsRun == (row.exit == .configuration), "\(row.code)")
    }

    @Test func everyCodeHasExactlyOneRowHereAndItsOwnErrorType() {
        #expect(Set(ErrorCode.allCases) == Set(Self.table.map(\.code)))
        #expect(ErrorCode.allCases.count == Self.table.count)
        #expect(Set(ErrorCode.allCases.map(\.ledgerErrorType)).count == ErrorCode.allCases.count)
        #expect(CommandExitStatus.allCases.map(\.rawValue) == [0, 1, 2])
    }

    struct Refused: CodedError, CustomStringConvertible {
        var code: ErrorCode { .authentication }
        var description: String { "the server refused the credential" }
    }

    struct Foreign: Error, CustomStringConvertible {
        var description: String { "something a library threw" }
    }

    @Test func errorsAreRecordedByTheirCodeNeverByTheirTypeName() {
        let refused = FerryError(classifying: Refused())
        #expect(refused.code == .authentication && refused.message == "the server refused the credential")
        let foreign = FerryError(classifying: Foreign())
        #expect(foreign.code == .unclassified && foreign.code.ledgerErrorType == "UnclassifiedError")
        #expect(foreign.message == "something a library threw")
        #expect(FerryError(classifying: CancellationError()).code == .cancelled)
        let coded = FerryError(code: .ledger, message: "m", context: ["path": "p"])
        #expect(FerryError(classifying: coded) == coded)
    }
}
