/// What Ferry needs to create a collection: its id, a description, the owner recorded with it, a license.
public struct STACCollectionSpec: Sendable {
    public var id: String
    public var description: String
    public var owner: String
    public var license: String

    /// A collection spec; `license` "proprietary" is STAC 1.0.0's word for data under terms of its
    /// own ("other" exists only from STAC 1.1).
    public init(id: String, description: String, owner: String, license: String = "proprietary") {
        self.id = id
        self.description = description
        self.owner = owner
        self.license = license
    }
}
