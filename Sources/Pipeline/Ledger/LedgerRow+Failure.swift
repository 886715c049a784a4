import FerryErrors
import Telemetry

extension LedgerRow {
    /// Fills a FAILED row's `error_type` (the failure's code, through the one table) and `error_message`.
    mutating func record(_ failure: FerryError) {
        errorType = failure.code.ledgerErrorType
        errorMessage = failure.message
    }
}
