/// One REACH dosimeter pod: its UDL sensor id, the Iridium vehicle hosting it, and its two
/// dosimeter flavors in slot order (slot 0 reports as DOSE1, slot 1 as DOSE2).
public struct REACHSensor: Sendable, Hashable {
    /// The number in `REACH-<n>`.
    public let number: Int
    /// The hosting vehicle's `observatoryName`, e.g. "Iridium-106".
    public let observatoryName: String
    /// Flavor letters by slot, e.g. ["Y", "U"].
    public let flavors: [Character]

    /// `REACH-<n>`, as UDL's `idSensor` spells it.
    public var id: String { "REACH-\(number)" }

    /// The UDL `obDescription` of a slot, e.g. "DOSE2 (Flavor U) in rad/second".
    public func observationDescription(slot: Int) -> String {
        "DOSE\(slot + 1) (Flavor \(flavors[slot])) in rad/second"
    }
}

/// Facts about the REACH constellation shared by the simulator, the downloader and the product.
public enum REACHConstellation {
    /// The 32 sensors, sorted by number; flavors from the mission's dosimeter table and hosting
    /// vehicles from the reference tool's lookup table.
    public static let sensors: [REACHSensor] = [
        (101, 102, "XW"), (102, 113, "YV"), (105, 106, "YU"), (108, 133, "XW"), (113, 121, "YV"),
        (114, 110, "XW"), (115, 107, "XW"), (116, 108, "YV"), (133, 117, "XW"), (134, 125, "YU"),
        (135, 126, "XW"), (136, 132, "XW"), (137, 119, "XW"), (138, 134, "YU"), (139, 137, "XW"),
        (140, 122, "YV"), (148, 131, "YV"), (149, 164, "XW"), (162, 147, "XW"), (163, 149, "YV"),
        (164, 152, "XW"), (165, 145, "YU"), (166, 180, "YV"), (169, 153, "XZ"), (170, 156, "XZ"),
        (171, 158, "XZ"), (172, 159, "XZ"), (173, 165, "XW"), (175, 168, "YU"), (176, 150, "XW"),
        (180, 171, "XZ"), (181, 160, "XZ"),
    ].map { REACHSensor(number: $0.0, observatoryName: "Iridium-\($0.1)", flavors: Array($0.2)) }

    /// Measurement cadence in seconds.
    public static let cadenceSeconds = 5
    /// Time steps in a day at that cadence.
    public static let stepsPerDay = 86_400 / cadenceSeconds
    /// Dosimeter flavors per sensor.
    public static let flavorsPerSensor = 2

    private static let byID = Dictionary(uniqueKeysWithValues: sensors.map { ($0.id, $0) })
    private static let byObservatory = Dictionary(uniqueKeysWithValues: sensors.map { ($0.observatoryName, $0) })

    /// The sensor with `idSensor` "REACH-<n>".
    public static func sensor(id: String) -> REACHSensor? { byID[id] }

    /// The sensor hosted on `observatoryName`, to recover a record's missing `idSensor`.
    public static func sensor(observatoryName: String) -> REACHSensor? { byObservatory[observatoryName] }

    /// The availability baseline: records a full day holds, for `ALL` or one sensor.
    public static func expectedRecordsPerDay(sensorID: String) -> Int {
        stepsPerDay * flavorsPerSensor * (sensorID == "ALL" ? sensors.count : 1)
    }
}
