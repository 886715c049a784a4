import Foundation

/// What a stream's bytes must be, known before the first of them arrives: their count and MD5
/// (a station's listing gives both). A store checks the bytes against it and keeps nothing that differs.
public struct ExpectedContent: Sendable, Equatable {
    /// The number of bytes.
    public let size: Int64
    /// The MD5 of the bytes, lower-case hex.
    public let md5: String

    /// Nil unless `size` is not negative and `md5` is 32 hex digits (either case).
    public init?(size: Int64?, md5: String?) {
        guard let size, size >= 0, let md5, md5.utf8.count == 32, md5.allSatisfy(\.isHexDigit) else { return nil }
        self.size = size
        self.md5 = md5.lowercased()
    }

    /// The MD5 as base64 of its 16 bytes, as S3's Content-MD5 header wants it.
    public var md5Base64: String {
        var bytes: [UInt8] = []
        var digits = md5.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            bytes.append(UInt8(Self.nibble(high) << 4 | Self.nibble(low)))
        }
        return Data(bytes).base64EncodedString()
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        default: digit - UInt8(ascii: "a") + 10
        }
    }
}

/// The bytes that reached a store were not the ones expected (count or MD5); nothing was stored.
public struct ContentMismatch: Error, CustomStringConvertible, Equatable, Sendable {
    /// The key the bytes were meant for.
    public let key: String
    /// What differed, in words.
    public let detail: String

    public init(key: String, detail: String) {
        self.key = key
        self.detail = detail
    }

    public var description: String { "\(key): \(detail)" }
}
