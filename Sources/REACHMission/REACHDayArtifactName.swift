public import UTCDate

/// The one place that names a REACH day artifact (the download phase's output, the process
/// phase's input), as the reference tool names it:
/// `{REACH-ALL|REACH-n}_{YYYYMMDD}T000000_{next day}T000000.{csv|json}`.
public enum REACHDayArtifactName {
    /// The stem for a sensor selection: `REACH-ALL` for every sensor, else the sensor's id.
    public static func stem(sensorID: String) -> String {
        sensorID == "ALL" ? "REACH-ALL" : sensorID
    }

    /// What every artifact of `day` starts with, whoever wrote it.
    public static func prefix(sensorID: String, day: UTCDay) -> String {
        "\(stem(sensorID: sensorID))_\(day.compact)T000000_"
    }

    /// The file name of `day`'s artifact in `format` (`csv` or `json`).
    public static func fileName(sensorID: String, day: UTCDay, format: String) -> String {
        "\(prefix(sensorID: sensorID, day: day))\(day.advanced(by: 1).compact)T000000.\(format)"
    }
}
