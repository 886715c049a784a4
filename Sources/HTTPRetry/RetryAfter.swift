import UTCDate

/// The Retry-After header (RFC 9110 §10.2.3): a number of seconds or an HTTP-date.
public enum RetryAfter {
    /// How long the header asks the client to wait, measured from `now` (seconds since 1970) for
    /// an HTTP-date; zero for a date already past; nil when the value is neither form.
    public static func delay(_ value: String, now: Double) -> Duration? {
        var text = Substring(value)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {   // delta-seconds; fractions accepted
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        guard let date = httpDate(String(text)) else { return nil }
        return .milliseconds(max(0, Int64(((Double(date) - now) * 1000).rounded(.up))))
    }

    /// Seconds since 1970 for an HTTP-date in any of its three forms: IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
    /// asctime (`Sun Nov  6 08:49:37 1994`).
    public static func httpDate(_ text: String) -> Int64? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        guard tokens.count >= 5 else { return nil }
        let dayText, monthText, yearText, timeText: String
        if months.contains(tokens[1]) {   // asctime: weekday month day time year
            guard tokens.count == 5 else { return nil }
            (monthText, dayText, timeText, yearText) = (tokens[1], tokens[2], tokens[3], tokens[4])
        } else {                          // IMF-fixdate or RFC 850: weekday day month year time GMT
            guard tokens.count == 6, tokens[5] == "GMT" else { return nil }
            (dayText, monthText, yearText, timeText) = (tokens[1], tokens[2], tokens[3], tokens[4])
        }
        let clock = timeText.split(separator: ":").compactMap { Int($0) }
        guard let month = months.firstIndex(of: monthText), var year = Int(yearText), let dayOfMonth = Int(dayText),
              clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        if yearText.count == 2 { year += year < 70 ? 2000 : 1900 }   // RFC 850's two-digit years
        guard let day = UTCDay(year: year, month: month + 1, day: dayOfMonth) else { return nil }
        return day.secondsSinceEpoch + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
