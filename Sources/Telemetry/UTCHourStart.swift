import UTCDate

/// The UTC hour a ledger timestamp falls in, for per-hour figures.
enum UTCHourStart {
    /// `YYYY-MM-DDTHH…` → the hour's start in seconds since 1970; nil for anything else.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 13, bytes[10] == UInt8(ascii: "T"),
              let day = UTCDay(pythonISODateBytes: UnsafeBufferPointer(rebasing: bytes[0..<10])),
              let hour = Int64(String(decoding: UnsafeBufferPointer(rebasing: bytes[11..<13]), as: UTF8.self)), (0..<24).contains(hour)
        else { return nil }
        return Int64(day.daysSinceEpoch) * 86_400 + hour * 3600
    }
}
