public import JSONValue

extension StationFile {
    /// The file an OData entity of a station of `kind` describes: an AUXIP `Product` or a CADIP
    /// `File`. Throws ``StationError/malformedAnswer(_:)`` when `Id` or `Name` is missing.
    public init(odata entity: JSONValue, kind: StationKind) throws {
        guard let members = entity.objectValue else { throw StationError.malformedAnswer("an entity is not a JSON object") }
        guard let id = members["Id"]?.stringValue ?? members["Id"]?.integerValue.map({ String($0) }), !id.isEmpty,
              let name = members["Name"]?.stringValue, !name.isEmpty else {
            throw StationError.malformedAnswer("an entity has no Id or Name")
        }
        let size = (kind.servesChunks ? members["Size"] : members["ContentLength"])?.integerValue
            ?? members["ContentLength"]?.integerValue ?? members["Size"]?.integerValue
        let md5 = members["Checksum"]?.arrayValue?.first { $0["Algorithm"]?.stringValue?.uppercased() == "MD5" }?["Value"]?
            .stringValue?.lowercased()
        var properties: [String: JSONValue] = [:]
        properties["created"] = members["PublicationDate"]
        if kind.servesChunks {
            properties["cadip:id"] = .string(id)
            properties["datetime"] = members["PublicationDate"]   // STAC needs a datetime; a chunk has no content dates
            properties["eviction_datetime"] = members["EvictionDate"]
            properties["cadip:retransfer"] = members["Retransfer"]
            properties["cadip:final_block"] = members["FinalBlock"]
            properties["cadip:block_number"] = members["BlockNumber"]
            properties["cadip:channel"] = members["Channel"]
            properties["cadip:session_id"] = members["SessionId"] ?? members["SessionID"]
        } else {
            properties["adgs:id"] = .string(id)
            let contentDate = members["ContentDate"]
            properties["datetime"] = contentDate?["Start"]
            properties["start_datetime"] = contentDate?["Start"]
            properties["end_datetime"] = contentDate?["End"]
        }
        if let size { properties["file:size"] = .integer(size) }
        // A member the station left out or sent as null is left out, never copied as null.
        properties = properties.filter { $0.value != .null }
        self.init(id: id, name: name, size: size, md5: md5, properties: properties)
    }
}
