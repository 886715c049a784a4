import Testing
import REACHMission
import UTCDate
@testable import REACH

@Suite struct REACHDayBuilderTests {
    let day = UTCDay("2025-09-01")!
    var midnight: Int64 { day.secondsSinceEpoch * 1000 }

    func record(_ sensor: String?, at offset: Int64, created: String = "2025-12-01T00:00:00.000Z",
                _ description: String = "DOSE1 (Flavor X) in rad/second", value: Double = 1,
                observatory: String = "Iridium-102", descriptor: String = "QUICKLOOK", lat: Double = 10) -> REACHObservation {
        REACHObservation(sensorID: sensor, observatoryName: observatory, obTime: midnight + offset, createdAt: created,
                         descriptor: descriptor, latitude: lat, longitude: 20, altitude: 790, position: (1, 2, 3),
                         measurements: [.init(description: description, value: value, quality: 0)])
    }

    func build(_ records: [REACHObservation]) throws -> REACHL1CDay {
        var builder = REACHDayBuilder(day: day, source: "test.csv")
        for record in records { try builder.add(record) }
        return builder.finish()
    }

    /// Index of (t, sensor number, flavor slot) in dose_rate.
    func dose(_ product: REACHL1CDay, t: Int, sensor: Int, slot: Int) -> Float {
        let s = product.sensors.firstIndex { $0.number == sensor }!
        return product.doseRate[(t * product.sensors.count + s) * 2 + slot]
    }

    @Test func axesAreUniqueSortedTimesAndAllSensors() throws {
        let product = try build([record("REACH-101", at: 10_000), record("REACH-101", at: 0),
                                 record("REACH-101", at: 5_000, "DOSE2 (Flavor W) in rad/second"), record("REACH-105", at: 0, "DOSE2 (Flavor U)")])
        #expect(product.epochs == [midnight, midnight + 5_000, midnight + 10_000])
        #expect(product.sensors.count == 32 && product.sensors.first?.number == 101)
        #expect(product.doseRate.count == 3 * 32 * 2)
        #expect(dose(product, t: 1, sensor: 101, slot: 1) == 1)
        #expect(dose(product, t: 0, sensor: 105, slot: 1) == 1)
        #expect(dose(product, t: 0, sensor: 105, slot: 0) == REACHL1CDay.floatFill)
    }

    @Test func newestCreatedAtWinsWhicheverComesFirst() throws {
        for newestFirst in [true, false] {
            let newer = record("REACH-101", at: 0, created: "2025-12-02T00:00:00.000Z", value: 2, lat: 22)
            let older = record("REACH-101", at: 0, created: "2025-12-01T00:00:00.000Z", value: 1, lat: 11)
            let product = try build(newestFirst ? [newer, older] : [older, newer])
            #expect(dose(product, t: 0, sensor: 101, slot: 0) == 2)
            #expect(product.latitude[0] == 22)
            #expect(product.counts.duplicatesDropped == 1 && product.counts.measurementsKept == 1)
        }
    }

    @Test func missingSensorIsRecoveredFromTheVehicleOrDropped() throws {
        let product = try build([record(nil, at: 0, "DOSE2 (Flavor U)", observatory: "Iridium-106"),
                                 record(nil, at: 0, observatory: "Iridium-999"),
                                 record("REACH-999", at: 0)])
        #expect(dose(product, t: 0, sensor: 105, slot: 1) == 1)
        #expect(product.counts.sensorsRecovered == 1 && product.counts.droppedUnresolvedSensor == 2)
    }

    @Test func flavorsOutsideTheSensorsPairAreDropped() throws {
        let product = try build([record("REACH-101", at: 0, "DOSE1 (Flavor Z) in rad/second")])
        #expect(product.counts.droppedUnknownFlavor == 1)
        #expect(product.doseRate.allSatisfy { $0 == REACHL1CDay.floatFill })
    }

    @Test func edgesOfTheDay() throws {
        let product = try build([record("REACH-101", at: 0), record("REACH-101", at: 86_399_999),
                                 record("REACH-101", at: 86_400_000), record("REACH-101", at: -1)])
        #expect(product.epochs == [midnight, midnight + 86_399_999])
        #expect(product.counts.droppedOutsideDay == 2)
    }

    @Test func twoDescriptorsInOneDayAreAnError() {
        #expect { try build([record("REACH-101", at: 0), record("REACH-101", at: 5_000, descriptor: "PROVISIONAL")]) }
            throws: { "\($0)".contains("more than one descriptor (QUICKLOOK, PROVISIONAL)") }
    }
}
