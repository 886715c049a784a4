/// Maps a day to a dense slot number without hashing: days are split into pages of 4,096
/// (about 11 years), allocated on first use, so a ledger spanning a decade touches one or two.
struct DaySlotIndex {
    private static let pageBits = 12
    private static let firstDay = -719_162      // 0001-01-01, the earliest date Python accepts
    private var pages: [[Int32]?] = []

    /// The slot of `daysSinceEpoch`, or nil when it has none yet.
    @inline(__always)
    func slot(of daysSinceEpoch: Int) -> Int? {
        let offset = daysSinceEpoch - Self.firstDay
        let page = offset >> Self.pageBits
        guard page < pages.count, let entries = pages[page] else { return nil }
        let slot = entries[offset & ((1 << Self.pageBits) - 1)]
        return slot < 0 ? nil : Int(slot)
    }

    /// Records `slot` for `daysSinceEpoch`.
    mutating func set(_ slot: Int, for daysSinceEpoch: Int) {
        let offset = daysSinceEpoch - Self.firstDay
        let page = offset >> Self.pageBits
        if page >= pages.count { pages += Array(repeating: nil, count: page - pages.count + 1) }
        if pages[page] == nil { pages[page] = Array(repeating: -1, count: 1 << Self.pageBits) }
        pages[page]![offset & ((1 << Self.pageBits) - 1)] = Int32(slot)
    }
}
