import Crypto
public import Foundation
import UTCDate

/// Signs HTTP requests with AWS Signature Version 4 (header form).
///
/// Hand-written because none of the packages available here offers SigV4; it follows the AWS
/// specification and is checked against AWS's published examples and against servers that verify
/// signatures (`rclone serve s3`, moto).
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    /// The payload hash that tells S3 the body is not part of the signature.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// A request to sign. `path` is sent as given (already percent-encoded, see ``uriEncode(_:encodeSlash:)``);
    /// `query` holds raw, unencoded names and values.
    public struct Request: Sendable {
        public var method: String
        public var host: String
        public var path: String
        public var query: [(String, String)]
        public var headers: [(String, String)]
        public var payloadHash: String

        public init(method: String, host: String, path: String, query: [(String, String)] = [],
                    headers: [(String, String)] = [], payloadHash: String) {
            self.method = method
            self.host = host
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }

        /// The query string as sent, encoded the way it is signed.
        public var encodedQuery: String { SigV4Signer.canonicalQuery(query) }
    }

    /// The headers to send: the request's own plus host, x-amz-date, the security token and the
    /// authorization; `x-amz-content-sha256` too when `contentHashHeader` (S3 requires it).
    public func signedHeaders(for request: Request, at date: Date = Date(), contentHashHeader: Bool = true) -> [(String, String)] {
        let (amzDate, day) = Self.timestamps(date)
        var headers = request.headers
        headers.append(("host", request.host))
        headers.append(("x-amz-date", amzDate))
        if contentHashHeader { headers.append(("x-amz-content-sha256", request.payloadHash)) }
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token)) }

        let canonical = headers
            .map { (name: $0.0.lowercased(), value: Self.trimmed($0.1)) }
            .sorted { $0.name < $1.name }
        let signedNames = canonical.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            request.method, request.path.isEmpty ? "/" : request.path, Self.canonicalQuery(request.query),
            canonical.map { "\($0.name):\($0.value)\n" }.joined(), signedNames, request.payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        headers.append(("authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                        + "SignedHeaders=\(signedNames), Signature=\(signature)"))
        return headers
    }

    /// RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX (upper case).
    public static func uriEncode(_ text: String, encodeSlash: Bool = true) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            case UInt8(ascii: "/") where !encodeSlash:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func canonicalQuery(_ query: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (uriEncode($0.0), uriEncode($0.1)) }
        let sorted = encoded.sorted { (a, b) -> Bool in a.name == b.name ? a.value < b.value : a.name < b.name }
        return sorted.map { pair -> String in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        // Floor division, so an instant before 1970 still falls in the right day.
        let rest = (seconds % 86_400 + 86_400) % 86_400, days = (seconds - rest) / 86_400
        let day = UTCDay(daysSinceEpoch: days).compact
        return (day + String(format: "T%02d%02d%02dZ", rest / 3600, rest / 60 % 60, rest % 60), day)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
