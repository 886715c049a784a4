/// The check every collection and item id passes before it names a file or a URL path segment;
/// staging applies it to station file names too, before anything is written.
public enum CatalogID {
    /// Throws `CatalogError.invalidID` for ids that could escape their folder or confuse a reader.
    static func validate(_ id: String, kind: String) throws(CatalogError) {
        if let reason = problem(with: id) { throw .invalidID("\(kind) id \(String(reflecting: id)) \(reason)") }
    }

    /// Why `id` cannot name a file or a path segment (empty, ".", "..", a leading dot: hidden, and
    /// Ferry's temporaries, "/", "\", NUL or control characters, over 255 bytes), or nil when it can.
    public static func problem(with id: String) -> String? {
        let reason: String?
        if id.isEmpty {
            reason = "is empty"
        } else if id.hasPrefix(".") {
            reason = "starts with a dot"
        } else if id.contains("..") {
            reason = "contains \"..\""
        } else if id.contains("/") || id.contains("\\") {
            reason = "contains a path separator"
        } else if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value) }) {
            reason = "contains a control character"
        } else if id.utf8.count > 255 {
            reason = "is longer than a file name may be"
        } else {
            reason = nil
        }
        return reason
    }
}
