import Foundation
import NIOCore

/// The little XML S3 answers with: element texts found by name.
enum S3XML {
    /// The text of the first element named `element`, unescaped.
    static func firstValue(of element: String, in body: ByteBuffer) -> String? {
        firstValue(of: element, in: Substring(String(buffer: body)))
    }

    static func firstValue(of element: String, in text: Substring) -> String? {
        guard let open = text.range(of: "<\(element)>"),
              let close = text.range(of: "</\(element)>", range: open.upperBound..<text.endIndex) else { return nil }
        return unescape(text[open.upperBound..<close.lowerBound])
    }

    /// The inner text of every element named `element`, in document order, still escaped.
    static func elements(_ element: String, in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(element)>"),
              let close = rest.range(of: "</\(element)>", range: open.upperBound..<rest.endIndex) {
            found.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// An entity tag without its quotes, lower-cased.
    static func unquotedETag(_ text: String) -> String {
        unescape(Substring(text)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }

    private static func unescape(_ text: Substring) -> String {
        String(text)
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
