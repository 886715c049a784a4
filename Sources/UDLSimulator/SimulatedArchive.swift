import Foundation
import REACHMission
import UDLRecordFormat
import UTCDate

/// The archive the simulator serves: every record is a pure function of the seed and its
/// (sensor, slot, time step), so any window's contents can be produced, or checked, without
/// storing a day.
public struct SimulatedArchive: Sendable {
    public let configuration: UDLSimulatorConfiguration
    static let stepMilliseconds: Int64 = Int64(REACHConstellation.cadenceSeconds) * 1000

    public init(configuration: UDLSimulatorConfiguration) {
        self.configuration = configuration
    }

    /// One record as served, with the fields the tests compare.
    public struct Record: Sendable, Equatable {
        public let id: String
        public let obTime: Int64
        public let sensorID: String
        public let hasSensorID: Bool
        public let slot: Int
        public let isDuplicate: Bool
    }

    /// The records with `from ≤ obTime ≤ to` (inclusive, as UDL's `a..b`), in obTime order,
    /// for one sensor or all.
    public func records(from: Int64, to: Int64, sensorID: String?) -> [Record] {
        guard from <= to else { return [] }
        var out: [Record] = []
        let sensors = configuration.sensors.enumerated().filter { sensorID == nil || $0.element.id == sensorID }
        var step = (from + Self.stepMilliseconds - 1).floorDiv(Self.stepMilliseconds)
        var edges = edgeTimes(from: from, to: to)
        while step * Self.stepMilliseconds <= to {
            let time = step * Self.stepMilliseconds
            while let edge = edges.first, edge < time { out += edgeRecords(at: edge, sensors: sensors, filtered: sensorID != nil); edges.removeFirst() }
            if !isEmptyDay(time) {
                for (index, sensor) in sensors where present(sensor: index, step: step) {
                    for slot in 0..<sensor.flavors.count {
                        out += recordPair(sensor: sensor, index: index, slot: slot, time: time, filtered: sensorID != nil)
                    }
                }
            }
            step += 1
        }
        for edge in edges { out += edgeRecords(at: edge, sensors: sensors, filtered: sensorID != nil) }
        return out
    }

    /// The JSON text of one record, as the UDL serves it.
    public func json(_ record: Record, descriptor: String) -> String {
        let sensor = REACHConstellation.sensor(id: record.sensorID)!
        let h = hash(record.sensorID.hashValueStable, UInt64(bitPattern: record.obTime), UInt64(record.slot), record.isDuplicate ? 1 : 0)
        let angle = Double(record.obTime % 6_000_000) / 6_000_000 * 2 * .pi + Double(sensor.number)
        let lat = 86 * sin(angle), lon = (Double(record.obTime / 1000 % 86_400) / 240 + Double(sensor.number) * 11).truncatingRemainder(dividingBy: 360) - 180
        let alt = 790 + Double(h % 1500) / 100
        let radius = 6371 + alt
        let x = radius * cos(angle), y = radius * sin(angle) * 0.5, z = radius * sin(angle) * 0.866
        let value = pow(10, -8 + 4 * Double(h % 10_000) / 10_000)
        let created = UDLTime.format(milliseconds: record.obTime + 86_400_000 + (record.isDuplicate ? 3_600_000 : 0))
        let letter = sensor.flavors[record.slot]
        var text = "{\"id\": \"\(record.id)\", \"classificationMarking\": \"U\", \"dataType\": \"ECP\", "
        text += "\"genTime\": \"\(created)\", \"idOnOrbit\": \"\(40_000 + sensor.number)\", \"satNo\": \(40_000 + sensor.number), "
        if record.hasSensorID { text += "\"idSensor\": \"\(sensor.id)\", " }
        text += "\"origSensorId\": \"\(record.slot)\", \"observatoryType\": \"ONORBIT\", \"observatoryName\": \"\(sensor.observatoryName)\", "
        text += "\"instrumentType\": \"DOSIMETER\", \"lat\": \(rounded(lat, 4)), \"lon\": \(rounded(lon, 4)), \"alt\": \(rounded(alt, 3)), "
        text += "\"senPos\": [\(rounded(x, 7)), \(rounded(y, 7)), \(rounded(z, 7))], \"obSetId\": \"REACH_\(letter)\", "
        text += "\"particleType\": \"\(["PROTONS", "ELECTRONS", "PROTONS+ELECTRONS"][Int(h % 3)])\", "
        text += "\"obTime\": \"\(UDLTime.format(milliseconds: record.obTime))\", "
        text += "\"seoList\": [{\"obType\": \"Energetic Charged Particle\", \"obUoM\": \"rad/second\", \"obValue\": \(value), "
        text += "\"obQuality\": \"0\", \"obDescription\": \"\(sensor.observationDescription(slot: record.slot))\"}], "
        text += "\"descriptor\": \"\(descriptor)\", \"createdAt\": \"\(created)\", \"createdBy\": \"system.reach\", "
        text += "\"source\": \"Aerospace\", \"dataMode\": \"REAL\", \"origNetwork\": \"OPS1\"}"
        return text
    }

    private func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    private func recordPair(sensor: REACHSensor, index: Int, slot: Int, time: Int64, filtered: Bool) -> [Record] {
        let h = hash(UInt64(index), UInt64(bitPattern: time), UInt64(slot), 7)
        let hasSensor = fraction(h) >= configuration.missingSensorFraction
        var out: [Record] = []
        // A record without idSensor never matches an idSensor query, as in the real archive.
        if hasSensor || !filtered {
            out.append(Record(id: uuid(h), obTime: time, sensorID: sensor.id, hasSensorID: hasSensor, slot: slot, isDuplicate: false))
        }
        let d = hash(h, 99)
        if fraction(d) < configuration.duplicateFraction {
            out.append(Record(id: uuid(d), obTime: time, sensorID: sensor.id, hasSensorID: true, slot: slot, isDuplicate: true))
        }
        return out
    }

    private func edgeTimes(from: Int64, to: Int64) -> [Int64] {
        guard configuration.edgeRecords, !configuration.sensors.isEmpty else { return [] }
        var times: [Int64] = []
        var day = from.floorDiv(86_400_000)
        while day * 86_400_000 <= to {
            for offset: Int64 in [500, 21_600_500, 86_399_999] {
                let time = day * 86_400_000 + offset
                if time >= from, time <= to, !isEmptyDay(time) { times.append(time) }
            }
            day += 1
        }
        return times
    }

    private func edgeRecords(at time: Int64, sensors: [(offset: Int, element: REACHSensor)], filtered: Bool) -> [Record] {
        guard let first = sensors.first else { return [] }
        let h = hash(UInt64(first.offset), UInt64(bitPattern: time), 0, 13)
        return [Record(id: uuid(h), obTime: time, sensorID: first.element.id, hasSensorID: true, slot: 0, isDuplicate: false)]
    }

    private func isEmptyDay(_ time: Int64) -> Bool {
        configuration.emptyDays.contains(UTCDay(daysSinceEpoch: Int(time.floorDiv(86_400_000))))
    }

    private func present(sensor: Int, step: Int64) -> Bool {
        configuration.density >= 1 || fraction(hash(UInt64(sensor), UInt64(bitPattern: step), 3)) < configuration.density
    }

    func hash(_ parts: UInt64...) -> UInt64 {
        var state = configuration.seed &* 0x9E37_79B9_7F4A_7C15
        for part in parts {
            state = (state ^ part) &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 31
        }
        state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
        return state ^ (state >> 31)
    }

    private func fraction(_ h: UInt64) -> Double { Double(h >> 11) / Double(1 << 53) }

    private func uuid(_ h: UInt64) -> String {
        let g = hash(h, 0x5555)
        let hex = String(h, radix: 16).leftPadded(16) + String(g, radix: 16).leftPadded(16)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }

    /// A hash that is the same in every process (Swift's `hashValue` is seeded per run).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return h
    }
}
