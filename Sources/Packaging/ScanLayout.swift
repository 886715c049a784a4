/// A `--layout` such as `{obs_unit}/{module}/**`: how a scanned file's relative path names its
/// executed obs unit and instrument module.
///
/// Segments: `{obs_unit}` and `{module}` take one path component each, `*` matches any one
/// component, `**` (last only) one or more, anything else must match exactly.
public struct ScanLayout: Sendable, Equatable {
    enum Segment: Equatable { case obsUnit, module, anyOne, anyRest, literal(String) }
    let segments: [Segment]

    public init(_ text: String) throws {
        var segments: [Segment] = []
        let parts = text.split(separator: "/", omittingEmptySubsequences: true)
        for (index, part) in parts.enumerated() {
            switch part {
            case "{obs_unit}": segments.append(.obsUnit)
            case "{module}": segments.append(.module)
            case "*": segments.append(.anyOne)
            case "**":
                guard index == parts.count - 1 else { throw PackagingError.invalidInput(["layout \(text): `**` must be the last segment"]) }
                segments.append(.anyRest)
            default:
                if part.contains("{") { throw PackagingError.invalidInput(["layout \(text): unknown placeholder in \(part) (use {obs_unit} and {module})"]) }
                segments.append(.literal(String(part)))
            }
        }
        guard segments.contains(.obsUnit), segments.contains(.module) else {
            throw PackagingError.invalidInput(["layout \(text) must contain {obs_unit} and {module}"])
        }
        self.segments = segments
    }

    /// The obs unit and module `relativePath` names, or nil when it does not fit the layout.
    public func match(_ relativePath: String) -> (obsUnit: String, module: String)? {
        let components = relativePath.split(separator: "/").map(String.init)
        var obsUnit: String?
        var module: String?
        var index = 0
        for segment in segments {
            switch segment {
            case .anyRest:
                return index < components.count ? (obsUnit, module) as? (String, String) : nil
            default:
                guard index < components.count else { return nil }
                let component = components[index]
                switch segment {
                case .obsUnit: obsUnit = component
                case .module: module = component
                case .anyOne: break
                case .literal(let text): if component != text { return nil }
                case .anyRest: break
                }
                index += 1
            }
        }
        guard index == components.count, let obsUnit, let module else { return nil }
        return (obsUnit, module)
    }
}
