import UDLRecordFormat
import REACHMission
public import UTCDate

/// Accumulates a day's observations into the L1C arrays in one pass, holding the product's
/// arrays once (never the input): a row per unique time, grown as new times appear.
public struct REACHDayBuilder {
    public let day: UTCDay
    /// The artifact being read, for error messages.
    public let source: String
    private let sensors = REACHConstellation.sensors
    private let slotOfSensor: [String: Int]
    private var rowOfTime: [Int64: Int] = [:]
    private var times: [Int64] = []
    private var descriptor: String?
    private var counts = REACHInputCounts()

    // Per (t, s, f)
    private var dose: [Float] = []
    private var doseCreated: [Int64] = []
    // Per (t, s)
    private var latitude: [Double] = [], longitude: [Double] = [], altitude: [Double] = []
    private var x: [Double] = [], y: [Double] = [], z: [Double] = []
    private var quality: [Int32] = []
    private var sensorCreated: [Int64] = []
    // A sensor's records mostly share one createdAt (the UDL stamps them in batches): parse each once.
    private var lastCreatedText: [String]
    private var lastCreated: [Int64]

    private var cellsPerRow: Int { sensors.count * REACHConstellation.flavorsPerSensor }

    public init(day: UTCDay, source: String) {
        self.day = day
        self.source = source
        slotOfSensor = Dictionary(uniqueKeysWithValues: REACHConstellation.sensors.enumerated().map { ($1.id, $0) })
        lastCreatedText = Array(repeating: "", count: REACHConstellation.sensors.count)
        lastCreated = Array(repeating: .min, count: REACHConstellation.sensors.count)
    }

    /// Adds one record; a second UDL descriptor in one day is an error.
    public mutating func add(_ observation: REACHObservation) throws {
        counts.records += 1
        if let descriptor, descriptor != observation.descriptor {
            throw REACHArtifactError(path: source, field: "descriptor",
                                     reason: "the day holds more than one descriptor (\(descriptor), \(observation.descriptor)); a product has one UDL_Source")
        }
        descriptor = observation.descriptor
        let dayStart = day.secondsSinceEpoch * 1000
        guard observation.obTime >= dayStart, observation.obTime < dayStart + 86_400_000 else {
            counts.droppedOutsideDay += 1
            return
        }
        var sensorID = observation.sensorID
        if sensorID == nil, let recovered = REACHConstellation.sensor(observatoryName: observation.observatoryName) {
            sensorID = recovered.id
            counts.sensorsRecovered += 1
        }
        guard let id = sensorID, let s = slotOfSensor[id] else {
            counts.droppedUnresolvedSensor += 1
            return
        }
        let row = rowIndex(for: observation.obTime)
        // Unparseable createdAt sorts oldest (but above "empty", which is .min); ties go to the record read later.
        let created: Int64
        if observation.createdAt == lastCreatedText[s] && lastCreated[s] != .min {
            created = lastCreated[s]
        } else {
            created = UDLTime.milliseconds(observation.createdAt) ?? (.min + 1)
            lastCreatedText[s] = observation.createdAt
            lastCreated[s] = created
        }
        let cell = row * sensors.count + s
        if created >= sensorCreated[cell] {
            sensorCreated[cell] = created
            latitude[cell] = Self.finite(observation.latitude)
            longitude[cell] = Self.finite(observation.longitude)
            altitude[cell] = Self.finite(observation.altitude)
            x[cell] = Self.finite(observation.position.x)
            y[cell] = Self.finite(observation.position.y)
            z[cell] = Self.finite(observation.position.z)
            quality[cell] = observation.measurements.first?.quality ?? REACHL1CDay.qualityFill
        }
        for measurement in observation.measurements {
            guard let letter = measurement.flavor, let f = sensors[s].flavors.firstIndex(of: letter) else {
                counts.droppedUnknownFlavor += 1
                continue
            }
            let index = cell * REACHConstellation.flavorsPerSensor + f
            if doseCreated[index] != .min {
                // Either the stored measurement or this one loses: one duplicate dropped.
                counts.duplicatesDropped += 1
                guard created >= doseCreated[index] else { continue }
            } else {
                counts.measurementsKept += 1
            }
            doseCreated[index] = created
            dose[index] = measurement.value.isFinite ? Float(measurement.value) : REACHL1CDay.floatFill
        }
    }

    private mutating func rowIndex(for time: Int64) -> Int {
        if let row = rowOfTime[time] { return row }
        let row = times.count
        rowOfTime[time] = row
        times.append(time)
        dose.append(contentsOf: repeatElement(REACHL1CDay.floatFill, count: cellsPerRow))
        doseCreated.append(contentsOf: repeatElement(.min, count: cellsPerRow))
        for column in [\Self.latitude, \Self.longitude, \Self.altitude, \Self.x, \Self.y, \Self.z] as [WritableKeyPath<Self, [Double]>] {
            self[keyPath: column].append(contentsOf: repeatElement(REACHL1CDay.doubleFill, count: sensors.count))
        }
        quality.append(contentsOf: repeatElement(REACHL1CDay.qualityFill, count: sensors.count))
        sensorCreated.append(contentsOf: repeatElement(.min, count: sensors.count))
        return row
    }

    private static func finite(_ value: Double) -> Double { value.isFinite ? value : REACHL1CDay.doubleFill }

    /// The finished day, rows ordered by time; nil descriptor means no record was read.
    public consuming func finish() -> REACHL1CDay {
        let order = times.indices.sorted { times[$0] < times[$1] }
        let sorted = order.elementsEqual(times.indices)
        func permuted<T>(_ values: [T], width: Int) -> [T] {
            if sorted { return values }
            var out: [T] = []
            out.reserveCapacity(values.count)
            for row in order { out.append(contentsOf: values[row * width..<(row + 1) * width]) }
            return out
        }
        let s = sensors.count
        return REACHL1CDay(
            day: day, descriptor: descriptor ?? "", epochs: permuted(times, width: 1), sensors: sensors,
            doseRate: permuted(dose, width: cellsPerRow),
            latitude: permuted(latitude, width: s), longitude: permuted(longitude, width: s),
            altitude: permuted(altitude, width: s), positionX: permuted(x, width: s),
            positionY: permuted(y, width: s), positionZ: permuted(z, width: s),
            quality: permuted(quality, width: s), counts: counts)
    }
}
