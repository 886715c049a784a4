import Foundation

/// One raw file to register: a manifest line, or a file found by `--scan`.
public struct RawFileEntry: Sendable, Equatable, Decodable {
    /// Relative to the location's root.
    public var path: String
    public var obsUnit: String
    public var module: String
    public var size: Int64?
    public var sha256: String?
    /// Where the entry came from, for messages: `manifest.jsonl:12` or the scanned path.
    public var origin: String = ""

    enum CodingKeys: String, CodingKey { case path, obsUnit = "obs_unit", module, size, sha256 }

    public init(path: String, obsUnit: String, module: String, size: Int64? = nil, sha256: String? = nil) {
        self.path = path
        self.obsUnit = obsUnit
        self.module = module
        self.size = size
        self.sha256 = sha256
        self.origin = path
    }

    /// Why `path` cannot name a file inside a location, or nil when it can: it must be relative,
    /// without `.`/`..` components or empty ones, and without NUL bytes.
    public static func problem(withPath path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.hasPrefix("/") { return "the path \(path) is absolute; paths are relative to the location's root" }
        if path.utf8.contains(0) { return "the path contains a NUL byte" }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component == ".." { return "the path \(path) leaves the location (`..`)" }
            if component == "." || component.isEmpty { return "the path \(path) is not normalised (empty or `.` component)" }
        }
        return nil
    }

    /// `path` without `.` components and repeated slashes (`./a//b` is `a/b`, as `find .` prints
    /// paths); an absolute path, or one with `..`, is left for ``problem(withPath:)`` to refuse.
    public static func normalised(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return parts.isEmpty ? path : parts.joined(separator: "/")
    }

    /// Reads a JSON-lines manifest; every bad line is reported with its number, and nothing is
    /// returned unless all lines are good.
    public static func readManifest(path: String) throws -> [RawFileEntry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackagingError.invalidInput(["cannot read manifest \(path)"])
        }
        var entries: [RawFileEntry] = []
        var problems: [String] = []
        let decoder = JSONDecoder()
        var firstLine: [ExactName: (number: Int, obsUnit: String, module: String)] = [:]
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            do {
                var entry = try decoder.decode(RawFileEntry.self, from: Data(line))
                entry.origin = "\(path):\(number)"
                entry.path = normalised(entry.path)
                if let problem = problem(withPath: entry.path) {
                    problems.append("\(path):\(number): \(problem)")
                } else if entry.obsUnit.isEmpty || entry.module.isEmpty {
                    problems.append("\(path):\(number): obs_unit and module must not be empty")
                } else if let sha = entry.sha256, sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
                    problems.append("\(path):\(number): sha256 must be 64 hex digits")
                } else if let first = firstLine[ExactName(entry.path)] {
                    if first.obsUnit != entry.obsUnit || first.module != entry.module {
                        problems.append("\(path):\(number): \(entry.path) is already on line \(first.number) with another obs_unit or module")
                    }
                } else {
                    firstLine[ExactName(entry.path)] = (number, entry.obsUnit, entry.module)
                    entries.append(entry)
                }
            } catch let DecodingError.keyNotFound(key, _) {
                problems.append("\(path):\(number): missing field \(key.stringValue)")
            } catch let DecodingError.typeMismatch(_, context) {
                problems.append("\(path):\(number): wrong type for field \(context.codingPath.map(\.stringValue).joined(separator: "."))")
            } catch {
                problems.append("\(path):\(number): not a JSON object with path, obs_unit and module")
            }
        }
        if !problems.isEmpty { throw PackagingError.invalidInput(problems) }
        return entries
    }
}
