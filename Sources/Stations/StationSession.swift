public import JSONValue

/// A CADIP downlink session and the chunk files it delivered.
public struct StationSession: Sendable, Equatable {
    /// The OData `Id` of the session entity.
    public var id: String
    /// `SessionId`, e.g. `S1A_20240101083000012345`.
    public var sessionID: String
    /// `Satellite`, e.g. `S1A`.
    public var satellite: String?
    /// The files of the session (present when asked with `$expand=Files`).
    public var files: [StationFile]
    /// The session entity as the station sent it (without `Files`).
    public var entity: [String: JSONValue]

    /// The session an OData `Session` entity describes.
    public init(odata entity: JSONValue, kind: StationKind) throws {
        guard var members = entity.objectValue, let sessionID = members["SessionId"]?.stringValue else {
            throw StationError.malformedAnswer("a session has no SessionId")
        }
        id = members["Id"]?.stringValue ?? sessionID
        self.sessionID = sessionID
        satellite = members["Satellite"]?.stringValue
        files = try (members["Files"]?.arrayValue ?? []).map { try StationFile(odata: $0, kind: kind) }
        members["Files"] = nil
        self.entity = members
    }
}
