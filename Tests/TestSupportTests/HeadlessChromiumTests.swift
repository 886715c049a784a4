import Foundation
import FerryTestSupport
import Testing

/// The browser the dashboard tests trust: it must report what a broken page logs, or their
/// "no console errors" would pass on anything.
@Suite struct HeadlessChromiumTests {
    @Test func aPageThatLogsAndThrowsIsReportedAndAQuietOneIsNot() async throws {
        let directory = try TemporaryDirectory()
        let broken = directory.path("broken.html"), quiet = directory.path("quiet.html")
        try "<html><body><p id=x>hi</p><script>console.error('boom'); notDefined();</script></body></html>"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        try "<html><body><p id=x>hi</p></body></html>".write(toFile: quiet, atomically: true, encoding: .utf8)
        let bad = try await HeadlessChromium.load("file://" + broken)
        #expect(bad.consoleProblems.contains { $0.contains("boom") })
        #expect(bad.consoleProblems.contains { $0.contains("Uncaught ReferenceError") })
        let good = try await HeadlessChromium.load("file://" + quiet)
        #expect(good.consoleProblems.isEmpty && good.dom.contains("<p id=\"x\">hi</p>"))
    }
}
