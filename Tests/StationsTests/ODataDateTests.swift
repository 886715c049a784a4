import Foundation
import Stations
import Testing

@Suite struct ODataDateTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_704_067_200_000, "2024-01-01T00:00:00.000Z"),
        (1_709_164_800_123, "2024-02-29T00:00:00.123Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
    ])
    func writesAndReadsMilliseconds(milliseconds: Int64, text: String) {
        #expect(ODataDate.string(milliseconds: milliseconds) == text)
        #expect(ODataDate.milliseconds(text) == milliseconds)
    }

    @Test func readsTheFormsStationsWrite() {
        #expect(ODataDate.milliseconds("2024-01-01T08:30:00Z") == 1_704_097_800_000)
        #expect(ODataDate.milliseconds("2024-01-01T08:30:00.5Z") == 1_704_097_800_500)
        #expect(ODataDate.milliseconds("2024-01-01T08:30:00.123456Z") == 1_704_097_800_123)
        for bad in ["2024-01-01", "2024-01-01T08:30:00", "2024-13-01T00:00:00Z", "2024-01-01T08:30:00.Z", "x024-01-01T08:30:00Z"] {
            #expect(ODataDate.milliseconds(bad) == nil, "\(bad)")
        }
        let date = Date(timeIntervalSince1970: 1_704_097_800.25)
        #expect(ODataDate.string(date) == "2024-01-01T08:30:00.250Z" && ODataDate.date("2024-01-01T08:30:00.250Z") == date)
    }
}
