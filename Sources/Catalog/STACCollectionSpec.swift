/// What Ferry needs to create a collection: its id, a description, the owner recorded with it, a license.
public struct STACCollectionSpec: Sendable {
    public var id: String
    public var description: String
    public var owner: String
    public var license: String

    /// A collection spec; `license` "other" is STAC's word for "see the links/description".
    public init(id: String, description: String, owner: String, license: String = "other") {
        self.id = id
        self.description = description
        self.owner = owner
        self.license = license
    }
}
