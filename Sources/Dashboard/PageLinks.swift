/// How pages point at each other: URLs on a server, anchors inside the one-file report.
public enum PageLinks: Sendable {
    /// Paths on `ferry serve`: `/reach/downloads/days/2025-09-01`.
    case server
    /// Anchors within `ferry report`'s one file: `#reach--downloads--days--2025-09-01`.
    case report

    /// The link to `route` with its `:name` parameters filled in from `parameters`.
    public func to(_ route: String, _ parameters: [String: String] = [:]) -> String {
        let filled = route.split(separator: "/", omittingEmptySubsequences: true).map { part -> String in
            part.hasPrefix(":") ? Self.escape(parameters[String(part.dropFirst())] ?? "") : String(part)
        }
        switch self {
        case .server: return "/" + filled.joined(separator: "/")
        case .report: return "#" + Self.anchor(filled)
        }
    }

    /// The element id a page's section carries in the report.
    public static func anchor(of route: String, _ parameters: [String: String]) -> String {
        String(PageLinks.report.to(route, parameters).dropFirst())
    }

    private static func anchor(_ parts: [String]) -> String {
        // "/" becomes "--": ledger names may hold "-", so a single one could make two pages one anchor.
        parts.isEmpty ? "overview" : parts.joined(separator: "--")
    }

    /// Percent-encodes everything but unreserved characters (names are URL-safe already; days too).
    private static func escape(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) { out.append(c) } else { out += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
        }
        return out
    }
}
