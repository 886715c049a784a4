import JSONValue

/// A collection's time interval, kept covering the items a static catalog lists in it.
enum TemporalExtent {
    /// An item's time as normalised RFC 3339 text: start_datetime...end_datetime, else datetime.
    static func timeRange(of item: STACItem) -> ClosedRange<String>? {
        let properties = item.properties
        let start = (properties["start_datetime"]?.stringValue ?? properties["datetime"]?.stringValue).flatMap(STACDateText.normalized)
        let end = (properties["end_datetime"]?.stringValue ?? properties["datetime"]?.stringValue).flatMap(STACDateText.normalized)
        guard let start, let end else { return nil }
        return min(start, end)...max(start, end)
    }

    /// `extent` with its first (overall) interval widened to cover `ranges`; nil when it already
    /// does. Both ends null means not known yet (a collection Ferry just created): the items'
    /// range replaces it. One null end means open there (a collection still growing): it stays.
    static func widened(_ extent: JSONValue?, toCover ranges: [ClosedRange<String>]) -> JSONValue? {
        guard let low = ranges.map(\.lowerBound).min(), let high = ranges.map(\.upperBound).max(),
              var members = extent?.objectValue, var temporal = members["temporal"]?.objectValue,
              var intervals = temporal["interval"]?.arrayValue, let first = intervals.first?.arrayValue, first.count == 2
        else { return nil }
        var start = first[0], end = first[1]
        if start == .null && end == .null {
            (start, end) = (.string(low), .string(high))
        } else {
            // Normalised text of one form compares as the times do.
            if let text = start.stringValue, low < (STACDateText.normalized(text) ?? text) { start = .string(low) }
            if let text = end.stringValue, high > (STACDateText.normalized(text) ?? text) { end = .string(high) }
        }
        guard start != first[0] || end != first[1] else { return nil }
        intervals[0] = .array([start, end])
        temporal["interval"] = .array(intervals)
        members["temporal"] = .object(temporal)
        return .object(members)
    }
}
