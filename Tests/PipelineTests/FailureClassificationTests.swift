import DurableFiles
import FerryErrors
import Testing
@testable import Pipeline

/// Errors from the durable-file layer are recorded as the ledger's IOError, like other file errors.
@Suite struct FailureClassificationTests {
    @Test func aDurableFileErrorIsAnIOError() {
        let failure = FerryError(classifying: DurableFileError(path: "/out/.x.csv.1.a.tmp", operation: "fsync", reason: "No space left on device"))
        #expect(failure.code == .io && failure.code.ledgerErrorType == "IOError")
        #expect(failure.message == "/out/.x.csv.1.a.tmp: fsync failed: No space left on device")
    }
}
