import DurableFiles
import FerryErrors
import Foundation
import Testing
@testable import Pipeline

/// File errors, from the durable-file layer or from Foundation, are recorded as the ledger's IOError.
@Suite struct FailureClassificationTests {
    @Test func aDurableFileErrorIsAnIOError() {
        let failure = FerryError(classifying: DurableFileError(path: "/out/.x.csv.1.a.tmp", operation: "fsync", reason: "No space left on device"))
        #expect(failure.code == .io && failure.code.ledgerErrorType == "IOError")
        #expect(failure.message == "/out/.x.csv.1.a.tmp: fsync failed: No space left on device")
    }

    @Test func foundationsFileErrorsAreIOErrors() {
        #expect(FerryError(classifying: POSIXError(.ENOSPC)).code == .io)
        #expect(FerryError(classifying: CocoaError(.fileWriteOutOfSpace)).code == .io)
    }
}
