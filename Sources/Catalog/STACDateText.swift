public import Foundation

/// The seed's date normalisation: every property that is a date becomes `%Y-%m-%dT%H:%M:%S.%fZ`
/// (microseconds, UTC).
///
/// The seed asks dateutil, which also reads "1" or "May" as dates; only ISO 8601 date-times (and
/// plain dates) are taken here, so identifiers and numbers in properties stay as they are.
public enum STACDateText {
    /// The normalised form of `text`, or nil when it is not an ISO 8601 date or date-time.
    public static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func take(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), take(UInt8(ascii: "-")), let month = digits(2), take(UInt8(ascii: "-")),
              let day = digits(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, micro = 0, offsetSeconds = 0
        if index < bytes.count {
            guard take(UInt8(ascii: "T")) || take(UInt8(ascii: " ")) || take(UInt8(ascii: "t")),
                  let h = digits(2), take(UInt8(ascii: ":")), let m = digits(2) else { return nil }
            (hour, minute) = (h, m)
            if take(UInt8(ascii: ":")) {
                guard let s = digits(2) else { return nil }
                second = s
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    var scale = 100_000, any = false
                    while index < bytes.count, (48...57).contains(bytes[index]) {
                        micro += Int(bytes[index] - 48) * scale
                        scale /= 10
                        index += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
            if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) {
            } else if index < bytes.count {
                let sign: Int
                if take(UInt8(ascii: "+")) { sign = 1 } else if take(UInt8(ascii: "-")) { sign = -1 } else { return nil }
                guard let oh = digits(2) else { return nil }
                _ = take(UInt8(ascii: ":"))
                guard let om = digits(2) else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
            guard index == bytes.count, hour < 24, minute < 60, second < 61 else { return nil }
        }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        components.timeZone = TimeZone(secondsFromGMT: 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return format(date.addingTimeInterval(TimeInterval(-offsetSeconds)), microseconds: micro)
    }

    /// `date` (whole seconds) plus `microseconds`, as `%Y-%m-%dT%H:%M:%S.%fZ`.
    public static func format(_ date: Date, microseconds: Int? = nil) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        let micro = microseconds ?? Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year!, 4))-\(pad(parts.month!, 2))-\(pad(parts.day!, 2))T\(pad(parts.hour!, 2)):\(pad(parts.minute!, 2)):\(pad(parts.second!, 2)).\(pad(micro, 6))Z"
    }
}

extension STACDateText {
    /// The instant `text` names (an ISO 8601 date-time, UTC when no offset is given, or a date at
    /// midnight UTC); nil when it is not one.
    public static func date(_ text: String) -> Date? {
        guard let normalized = normalized(text) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // ISO8601DateFormatter reads milliseconds only: drop the last three digits of the microseconds.
        var trimmed = normalized
        trimmed.removeSubrange(trimmed.index(trimmed.endIndex, offsetBy: -4)..<trimmed.index(before: trimmed.endIndex))
        return formatter.date(from: trimmed)
    }
}
