import Testing
@testable import REACH

@Suite struct MeasurementFlavorTests {
    @Test(arguments: [
        ("DOSE1 (Flavor X) in rad/second", "X"), ("DOSE2 (Flavor W) in rad/second", "W"),
        ("dose2 (flavor u) in rad/second", "U"), ("FLAVOR  z", "Z"), ("Flavor Y", "Y"),
        ("DOSE1 in rad/second", nil), ("Flavor XY in rad", nil), ("Flavors X", nil), ("subflavor X", nil),
    ] as [(String, String?)])
    func matchesTheReferencePattern(_ description: String, _ letter: String?) {
        let measurement = REACHObservation.Measurement(description: description, value: 1, quality: 0)
        #expect(measurement.flavor.map(String.init) == letter)
    }
}

