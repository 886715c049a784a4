import UTCDate

/// `--limit-days N` as both phases read it: the plan stops after N days that need work, so days
/// already complete (which need none) never use up the limit.
enum DayLimit {
    static func plan<Planned>(_ days: ClosedRange<UTCDay>, limit: Int?, needsWork: (Planned) -> Bool,
                              decide: (UTCDay) throws -> Planned) rethrows -> [Planned] {
        var planned: [Planned] = []
        var counted = 0
        for day in days {
            let decision = try decide(day)
            if needsWork(decision), let limit {
                if counted == limit { break }
                counted += 1
            }
            planned.append(decision)
        }
        return planned
    }
}
