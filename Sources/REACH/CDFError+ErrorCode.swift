public import CDF
public import FerryErrors

// CDF stays a stand-alone library that knows nothing of Ferry, so the code of its errors is
// given here, where REACH writes its products with it (the ledger's "CDFError").
extension CDFError: CodedError {
    /// Always `cdf`.
    public var code: ErrorCode { .cdf }
}
