import UDLRecordFormat
import CSVCodec

/// Streams the observations of a day artifact, whoever wrote it: a CSV (header once, nested
/// cells as JSON or Python literals) or a JSON array of UDL records.
public struct REACHArtifactReader: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Calls `body` with each record in file order.
    public func forEachObservation(_ body: (REACHObservation) throws -> Void) throws {
        if path.lowercased().hasSuffix(".json") {
            try JSONArrayScanner(path: path).forEachElement { bytes, index in
                let value: NestedValue
                do { value = try NestedValueParser.parse(bytes: bytes) } catch {
                    throw REACHArtifactError(path: path, line: index, reason: "not a JSON record: \(error)")
                }
                try body(try observation(from: value, element: index))
            }
        } else {
            try readCSV(body)
        }
    }

    private func readCSV(_ body: (REACHObservation) throws -> Void) throws {
        var columns: [String: Int]?
        try CSVReader(path: path).forEachRecord { record in
            guard let columns else {
                var names: [String: Int] = [:]
                for (index, name) in record.strings.enumerated() { names[name] = index }
                for required in ["obTime", "seoList"] where names[required] == nil {
                    throw REACHArtifactError(path: path, line: record.line, field: required,
                                             reason: "the header lacks this column")
                }
                guard names["idSensor"] != nil || names["observatoryName"] != nil else {
                    throw REACHArtifactError(path: path, line: record.line, field: "idSensor",
                                             reason: "the header has neither idSensor nor observatoryName")
                }
                columns = names
                return
            }
            func cell(_ name: String) -> String {
                guard let index = columns[name], index < record.count else { return "" }
                return record.string(at: index)
            }
            func nested(_ name: String) throws -> NestedValue? {
                let text = cell(name)
                if text.isEmpty { return nil }
                do { return try NestedValueParser.parse(text) } catch {
                    throw REACHArtifactError(path: path, line: record.line, field: name, reason: "\(error)")
                }
            }
            let sensor = cell("idSensor")
            try body(try REACHObservation.make(
                path: path, line: record.line, sensorID: sensor.isEmpty || sensor == "nan" ? nil : sensor,
                observatoryName: cell("observatoryName"), obTime: cell("obTime"), createdAt: cell("createdAt"),
                descriptor: cell("descriptor"), latitude: Double(cell("lat")), longitude: Double(cell("lon")),
                altitude: Double(cell("alt")), position: try nested("senPos"), seoList: try nested("seoList")))
        }
    }

    private func observation(from record: NestedValue, element: Int) throws -> REACHObservation {
        guard case .object = record else {
            throw REACHArtifactError(path: path, line: element, reason: "array element is not a record")
        }
        return try REACHObservation.make(
            path: path, line: element, sensorID: record["idSensor"]?.string,
            observatoryName: record["observatoryName"]?.string ?? "", obTime: record["obTime"]?.string ?? "",
            createdAt: record["createdAt"]?.string ?? "", descriptor: record["descriptor"]?.string ?? "",
            latitude: record["lat"]?.double, longitude: record["lon"]?.double, altitude: record["alt"]?.double,
            position: record["senPos"], seoList: record["seoList"])
    }
}

extension REACHObservation {
    /// Validates and assembles one record's fields; `line` is reported in errors.
    static func make(path: String, line: Int, sensorID: String?, observatoryName: String, obTime: String,
                     createdAt: String, descriptor: String, latitude: Double?, longitude: Double?,
                     altitude: Double?, position: NestedValue?, seoList: NestedValue?) throws -> REACHObservation {
        guard let time = UDLTime.milliseconds(obTime) else {
            throw REACHArtifactError(path: path, line: line, field: "obTime",
                                     reason: "not a UDL time: \(obTime.prefix(40).debugDescription)")
        }
        guard case let .list(entries)? = seoList else {
            throw REACHArtifactError(path: path, line: line, field: "seoList", reason: "missing or not a list")
        }
        var measurements: [Measurement] = []
        for entry in entries {
            guard let description = entry["obDescription"]?.string, let value = entry["obValue"]?.double else {
                throw REACHArtifactError(path: path, line: line, field: "seoList",
                                         reason: "an entry lacks obDescription or a numeric obValue")
            }
            let quality = entry["obQuality"]?.double.flatMap { $0.isFinite ? Int32(exactly: $0.rounded()) : nil }
            measurements.append(Measurement(description: description, value: value, quality: quality))
        }
        let xyz = (position?[0]?.double ?? .nan, position?[1]?.double ?? .nan, position?[2]?.double ?? .nan)
        return REACHObservation(sensorID: sensorID, observatoryName: observatoryName, obTime: time,
                                createdAt: createdAt, descriptor: descriptor, latitude: latitude ?? .nan,
                                longitude: longitude ?? .nan, altitude: altitude ?? .nan, position: xyz,
                                measurements: measurements)
    }
}
