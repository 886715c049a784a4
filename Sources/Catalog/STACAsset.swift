public import JSONValue

/// One asset of a STAC item: where the file is, what it is, and any further fields
/// (`file:size`, `file:checksum`, `title`…) kept at the asset's top level.
public struct STACAsset: Sendable, Codable, Equatable {
    public var href: String
    public var type: String?
    public var roles: [String]?
    /// Fields beside `href`, `type` and `roles`, written at the asset's top level.
    public var extra: [String: JSONValue]

    /// An asset at `href`; `extra` must not repeat `href`, `type` or `roles` (those given here win).
    public init(href: String, type: String? = nil, roles: [String]? = nil, extra: [String: JSONValue] = [:]) {
        self.href = href
        self.type = type
        self.roles = roles
        self.extra = extra.filter { !Self.namedKeys.contains($0.key) }
    }

    private static let namedKeys: Set<String> = ["href", "type", "roles"]

    public init(from decoder: any Decoder) throws {
        var members = try decoder.singleValueContainer().decode([String: JSONValue].self)
        guard let href = members.removeValue(forKey: "href")?.stringValue else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an asset needs a string href"))
        }
        let type = members.removeValue(forKey: "type")?.stringValue
        let roles = members.removeValue(forKey: "roles")?.arrayValue?.compactMap(\.stringValue)
        self.init(href: href, type: type, roles: roles, extra: members)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(jsonValue)
    }

    /// The asset as the JSON object STAC writes.
    public var jsonValue: JSONValue {
        var members = extra
        members["href"] = .string(href)
        if let type { members["type"] = .string(type) }
        if let roles { members["roles"] = .array(roles.map { .string($0) }) }
        return .object(members)
    }
}
