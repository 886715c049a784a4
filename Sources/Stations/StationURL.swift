import Foundation

/// The URLs a station client builds and compares: percent-encoding that never lets an id or a
/// value reach a path or query raw, the origin a credential belongs to, and a printable form.
enum StationURL {
    /// `value` with every byte but ASCII letters, digits, `-` and `_` percent-encoded: an id like
    /// `../x` becomes `%2E%2E%2Fx`, so it can neither climb the path nor end the parentheses.
    static func encodeKey(_ value: String) -> String { encode(value) { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") } }

    /// A query value encoded as RFC 3986's unreserved set allows (spaces as %20, not +).
    static func encodeQueryValue(_ value: String) -> String {
        encode(value) { isAlphanumeric($0) || "-._~:".utf8.contains($0) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func encode(_ value: String, keeping keep: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            if keep(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Scheme, host and port of `url` (the port made explicit), for deciding where a credential may go.
    static func origin(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased() else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }

    /// `location` resolved against `base` (a redirect's Location may be relative).
    static func resolve(_ location: String, against base: String) -> String? {
        guard let baseURL = URL(string: base), let resolved = URL(string: location, relativeTo: baseURL) else { return nil }
        return resolved.absoluteString
    }

    /// `url` without user info and without its query, fit for errors and logs.
    static func printable(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "<unparsable URL>" }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? "<unparsable URL>"
    }

    /// `base` without trailing slashes, so paths can be appended.
    static func trimmed(_ base: String) -> String {
        var text = Substring(base)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
