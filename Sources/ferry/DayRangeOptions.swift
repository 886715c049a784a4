public import ArgumentParser
public import UTCDate

extension UTCDay: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// The flags every per-day command shares (seed 000 and 002 name them alike).
struct DayRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First UTC day to work on (inclusive).", valueName: "YYYY-MM-DD"))
    var startDate: UTCDay

    @Option(help: ArgumentHelp("Last UTC day to work on (inclusive).", valueName: "YYYY-MM-DD"))
    var endDate: UTCDay

    @Option(help: "REACH sensor (REACH-<n>) or ALL.")
    var sensorID = "ALL"

    @Option(help: "UDL descriptor: QUICKLOOK, PROVISIONAL or PRELIMINARY.")
    var descriptor = "QUICKLOOK"

    @Option(help: "Day artifact format: csv or json.")
    var outputFormat = "csv"

    @Flag(help: "Attempt again the days whose latest attempt FAILED (otherwise they are skipped).")
    var retryFailed = false

    @Option(help: "Attempt at most N days, counted from the first day not already complete.")
    var limitDays: Int?

    @Flag(help: "Log what would be done per day; make no request and write no ledger row.")
    var dryRun = false

    @Flag(help: ArgumentHelp(
        "Wait for days another ferry run is working on (sharing this ledger), then decide them again.",
        discussion: "Without it such a day is reported as busy and left to that run (exit code 1)."))
    var wait = false

    func validate() throws {
        guard endDate >= startDate else {
            throw ValidationError("--end-date \(endDate) is before --start-date \(startDate)")
        }
        guard sensorID == "ALL" || sensorID.wholeMatch(of: /REACH-\d+/) != nil else {
            throw ValidationError("--sensor-id must be ALL or REACH-<n>, not '\(sensorID)'")
        }
        guard ["QUICKLOOK", "PROVISIONAL", "PRELIMINARY"].contains(descriptor) else {
            throw ValidationError("--descriptor must be QUICKLOOK, PROVISIONAL or PRELIMINARY, not '\(descriptor)'")
        }
        guard ["csv", "json"].contains(outputFormat) else {
            throw ValidationError("--output-format must be csv or json, not '\(outputFormat)'")
        }
        if let limitDays, limitDays < 1 {
            throw ValidationError("--limit-days must be at least 1")
        }
    }
}
