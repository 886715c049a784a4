import Testing
import REACHMission

@Suite struct REACHConstellationTests {
    @Test func thirtyTwoSensorsWithTheReferenceFlavorTable() {
        #expect(REACHConstellation.sensors.count == 32)
        let table = "101 XW, 102 YV, 105 YU, 108 XW, 113 YV, 114 XW, 115 XW, 116 YV, 133 XW, 134 YU, 135 XW, 136 XW, "
            + "137 XW, 138 YU, 139 XW, 140 YV, 148 YV, 149 XW, 162 XW, 163 YV, 164 XW, 165 YU, 166 YV, 169 XZ, "
            + "170 XZ, 171 XZ, 172 XZ, 173 XW, 175 YU, 176 XW, 180 XZ, 181 XZ"
        #expect(REACHConstellation.sensors.map { "\($0.number) \(String($0.flavors))" }.joined(separator: ", ") == table)
        #expect(Set(REACHConstellation.sensors.map(\.observatoryName)).count == 32)
    }

    @Test func recoversSensorsFromTheirVehicle() {
        #expect(REACHConstellation.sensor(observatoryName: "Iridium-106")?.id == "REACH-105")
        #expect(REACHConstellation.sensor(observatoryName: "Iridium-999") == nil)
        #expect(REACHConstellation.sensor(id: "REACH-105")?.observationDescription(slot: 1) == "DOSE2 (Flavor U) in rad/second")
    }

    @Test func expectedRecordsAreTheAvailabilityBaseline() {
        #expect(REACHConstellation.expectedRecordsPerDay(sensorID: "ALL") == 1_105_920)
        #expect(REACHConstellation.expectedRecordsPerDay(sensorID: "REACH-105") == 34_560)
    }
}
