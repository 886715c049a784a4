public import Foundation

/// Debian's Chromium in headless mode, as a real browser for the dashboard's pages: the DOM after
/// the page has loaded, what the page logged to its console, and screenshots.
public enum HeadlessChromium {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "chromium is not installed: run the tests with scripts/test, which installs it" }
    }

    /// A page as the browser built it.
    public struct LoadedPage: Sendable {
        /// The serialised DOM (`--dump-dom`).
        public let dom: String
        /// Every console message (Ferry's pages run no script, so any message is a problem) and uncaught error.
        public let consoleProblems: [String]
    }

    public static func executable() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw Unavailable()
    }

    /// Common flags: no sandbox (tests may run as root), no GPU, a profile of the call's own so
    /// that parallel browsers never share one.
    static func flags(profile: String) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]
    }

    /// Loads `url` and returns its DOM and console problems.
    public static func load(_ url: String) async throws -> LoadedPage {
        let profile = try TemporaryDirectory()
        let output = try await ProcessOutput.run(try executable(), flags(profile: profile.url.path) + ["--dump-dom", url])
        guard output.status == 0 else { throw ProcessFailure(command: "chromium --dump-dom \(url)", output: output) }
        // Console lines look like `[…:INFO:CONSOLE:1] "message", source: … (1)` whatever the message's
        // level (console.error included), and uncaught exceptions read "Uncaught …".
        let problems = output.stderrText.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        return LoadedPage(dom: output.stdoutText, consoleProblems: problems)
    }

    /// Saves a PNG of `url` at `path`.
    public static func screenshot(_ url: String, to path: String, width: Int = 1280, height: Int = 900) async throws {
        let profile = try TemporaryDirectory()
        let output = try await ProcessOutput.run(try executable(), flags(profile: profile.url.path)
                                                 + ["--screenshot=\(path)", "--window-size=\(width),\(height)", url])
        guard output.status == 0, FileManager.default.fileExists(atPath: path) else {
            throw ProcessFailure(command: "chromium --screenshot \(url)", output: output)
        }
    }
}
