/// Names that become object keys, file names and catalog ids: a station file's name, the mission
/// and the owner. A station is not trusted to name files harmlessly, so a name that could leave
/// its folder or hide (`..`, `/`, a leading dot, control characters) is refused before anything
/// is written.
public enum SafeName {
    /// Why `name` cannot be used as one path segment, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > 255 { return "it is longer than 255 bytes" }
        if name.hasPrefix(".") { return "it starts with a dot" }
        if name.contains("/") || name.contains("\\") { return "it contains a path separator" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "it contains a control character" }
        return nil
    }
}
