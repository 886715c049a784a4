/// One UDL record of a REACH day, reduced to what the L1C product uses.
public struct REACHObservation: Sendable, Equatable {
    /// `idSensor`, nil when the record lacks it.
    public var sensorID: String?
    public var observatoryName: String
    /// `obTime` in milliseconds since 1970-01-01 UTC.
    public var obTime: Int64
    /// `createdAt`, as text: UDL writes it in one fixed ISO form, so text order is time order.
    public var createdAt: String
    public var descriptor: String
    public var latitude: Double
    public var longitude: Double
    public var altitude: Double
    /// `senPos`: x, y, z in km (GEI/J2000).
    public var position: (x: Double, y: Double, z: Double)
    /// The `seoList` entries: one dose measurement each.
    public var measurements: [Measurement]

    /// One `seoList` entry.
    public struct Measurement: Sendable, Equatable {
        /// `obDescription`, e.g. "DOSE2 (Flavor U) in rad/second".
        public var description: String
        public var value: Double
        public var quality: Int32?

        public init(description: String, value: Double, quality: Int32?) {
            self.description = description
            self.value = value
            self.quality = quality
        }

        /// The flavor letter named in the description ("Flavor U" → "U"), matched as the reference
        /// tool matches it: the word "flavor" (any case), blanks, one letter ending a word.
        public var flavor: Character? {
            let text = Array(description.utf8)
            let word = Array("flavor".utf8)
            func isWordByte(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F
            }
            var i = 0
            while i + word.count < text.count {
                defer { i += 1 }
                guard i == 0 || !isWordByte(text[i - 1]),
                      zip(text[i..<i + word.count], word).allSatisfy({ $0 | 0x20 == $1 }) else { continue }
                var j = i + word.count
                let blanksStart = j
                while j < text.count, text[j] == 0x20 || text[j] == 0x09 { j += 1 }
                guard j > blanksStart, j < text.count, (text[j] | 0x20) >= 0x61, (text[j] | 0x20) <= 0x7A,
                      j + 1 == text.count || !isWordByte(text[j + 1]) else { continue }
                return Character(UnicodeScalar(text[j] & ~0x20))
            }
            return nil
        }
    }

    public init(sensorID: String?, observatoryName: String, obTime: Int64, createdAt: String, descriptor: String,
                latitude: Double, longitude: Double, altitude: Double, position: (x: Double, y: Double, z: Double),
                measurements: [Measurement]) {
        self.sensorID = sensorID
        self.observatoryName = observatoryName
        self.obTime = obTime
        self.createdAt = createdAt
        self.descriptor = descriptor
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
        self.position = position
        self.measurements = measurements
    }

    public static func == (lhs: REACHObservation, rhs: REACHObservation) -> Bool {
        lhs.sensorID == rhs.sensorID && lhs.observatoryName == rhs.observatoryName && lhs.obTime == rhs.obTime
            && lhs.createdAt == rhs.createdAt && lhs.descriptor == rhs.descriptor && lhs.latitude == rhs.latitude
            && lhs.longitude == rhs.longitude && lhs.altitude == rhs.altitude && lhs.position == rhs.position
            && lhs.measurements == rhs.measurements
    }
}
