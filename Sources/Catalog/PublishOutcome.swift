/// What publishing an item did.
public enum PublishOutcome: Sendable, Equatable {
    /// The item was not in the catalog and is now.
    case created
    /// The same item (same id, same files) was there already; nothing was written.
    case alreadyPresent
}
