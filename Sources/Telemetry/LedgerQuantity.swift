/// The numbers a ledger row carries (records, seconds, megabytes), read for sums: a cell that is not
/// a finite, non-negative number counts as absent, so a hand-edited `nan`, `inf` or `-1` can neither
/// poison a total nor make a metric go backwards.
enum LedgerQuantity {
    /// A whole count (`records_downloaded`).
    static func count(_ text: String) -> Int64? {
        guard let value = Int64(text), value >= 0 else { return nil }
        return value
    }

    /// A measured amount (seconds, megabytes), finite and at most a trillion.
    static func amount(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite, value >= 0, value <= 1e12 else { return nil }
        return value
    }
}
