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
        var columns: CSVColumns?
        // Rows come in obTime order, so most rows repeat the previous row's time: parse it once.
        var lastTimeBytes: [UInt8]?, lastTime: Int64 = 0
        try CSVReader(path: path).forEachRecord { record in
            guard let columns else {
                columns = try CSVColumns(header: record.strings, path: path, line: record.line)
                return
            }
            func bytes(_ index: Int?) -> UnsafeBufferPointer<UInt8> {
                guard let index, index < record.count else { return UnsafeBufferPointer(start: nil, count: 0) }
                return record.bytes(at: index)
            }
            func text(_ index: Int?) -> String {
                guard let index, index < record.count else { return "" }
                return record.string(at: index)
            }
            func number(_ index: Int?) -> Double? {
                let cell = bytes(index)
                return NestedCellFastPath.double(cell) ?? Double(String(decoding: cell, as: UTF8.self))
            }
            func nested(_ index: Int?, _ name: String) throws -> NestedValue? {
                let cell = text(index)
                if cell.isEmpty { return nil }
                do { return try NestedValueParser.parse(cell) } catch {
                    throw REACHArtifactError(path: path, line: record.line, field: name, reason: "\(error)")
                }
            }
            let timeCell = bytes(columns.obTime)
            if !(lastTimeBytes.map { timeCell.elementsEqual($0) } ?? false) {
                guard let time = UDLTime.milliseconds(String(decoding: timeCell, as: UTF8.self)) else {
                    throw REACHObservation.badTime(path: path, line: record.line, text: String(decoding: timeCell, as: UTF8.self))
                }
                lastTimeBytes = Array(timeCell)
                lastTime = time
            }
            let seoCell = bytes(columns.seoList)
            let measurements = try NestedCellFastPath.measurements(seoCell)
                ?? REACHObservation.measurements(from: nested(columns.seoList, "seoList"), path: path, line: record.line)
            let positionCell = bytes(columns.senPos)
            let position = try positionCell.isEmpty ? (.nan, .nan, .nan)
                : NestedCellFastPath.position(positionCell) ?? REACHObservation.position(from: nested(columns.senPos, "senPos"))
            let sensor = text(columns.idSensor)
            try body(REACHObservation(
                sensorID: sensor.isEmpty || sensor == "nan" ? nil : sensor, observatoryName: text(columns.observatoryName),
                obTime: lastTime, createdAt: text(columns.createdAt), descriptor: text(columns.descriptor),
                latitude: number(columns.lat) ?? .nan, longitude: number(columns.lon) ?? .nan,
                altitude: number(columns.alt) ?? .nan, position: position, measurements: measurements))
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

/// Where the columns the product reads sit in a CSV artifact's header.
private struct CSVColumns {
    let obTime, seoList: Int
    let idSensor, observatoryName, createdAt, descriptor, lat, lon, alt, senPos: Int?

    init(header: [String], path: String, line: Int) throws {
        var names: [String: Int] = [:]
        for (index, name) in header.enumerated() { names[name] = index }
        for required in ["obTime", "seoList"] where names[required] == nil {
            throw REACHArtifactError(path: path, line: line, field: required, reason: "the header lacks this column")
        }
        guard names["idSensor"] != nil || names["observatoryName"] != nil else {
            throw REACHArtifactError(path: path, line: line, field: "idSensor",
                                     reason: "the header has neither idSensor nor observatoryName")
        }
        obTime = names["obTime"]!
        seoList = names["seoList"]!
        idSensor = names["idSensor"]
        observatoryName = names["observatoryName"]
        createdAt = names["createdAt"]
        descriptor = names["descriptor"]
        lat = names["lat"]
        lon = names["lon"]
        alt = names["alt"]
        senPos = names["senPos"]
    }
}

extension REACHObservation {
    /// Validates and assembles one record's fields; `line` is reported in errors.
    static func make(path: String, line: Int, sensorID: String?, observatoryName: String, obTime: String,
                     createdAt: String, descriptor: String, latitude: Double?, longitude: Double?,
                     altitude: Double?, position: NestedValue?, seoList: NestedValue?) throws -> REACHObservation {
        guard let time = UDLTime.milliseconds(obTime) else { throw badTime(path: path, line: line, text: obTime) }
        return REACHObservation(sensorID: sensorID, observatoryName: observatoryName, obTime: time,
                                createdAt: createdAt, descriptor: descriptor, latitude: latitude ?? .nan,
                                longitude: longitude ?? .nan, altitude: altitude ?? .nan,
                                position: Self.position(from: position),
                                measurements: try measurements(from: seoList, path: path, line: line))
    }

    static func badTime(path: String, line: Int, text: String) -> REACHArtifactError {
        REACHArtifactError(path: path, line: line, field: "obTime", reason: "not a UDL time: \(text.prefix(40).debugDescription)")
    }

    /// The `seoList` entries of a parsed cell or record member.
    static func measurements(from seoList: NestedValue?, path: String, line: Int) throws -> [Measurement] {
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
        return measurements
    }

    /// `senPos` as x, y, z; NaN for what is missing.
    static func position(from value: NestedValue?) -> (x: Double, y: Double, z: Double) {
        (value?[0]?.double ?? .nan, value?[1]?.double ?? .nan, value?[2]?.double ?? .nan)
    }
}
