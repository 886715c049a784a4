/// One way a file falls short of ISTP: which rule, which variable (nil: the file), and why.
public struct ISTPFinding: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The rule: a spacepy.pycdf.istp check name (`fillval`, `fieldnam`, `depends`, …) where Ferry
    /// mirrors one, else `required_global`, `required_attribute`, `attribute_type` or `var_type`.
    public let rule: String
    public let variable: String?
    public let message: String

    public init(rule: String, variable: String?, message: String) {
        self.rule = rule
        self.variable = variable
        self.message = message
    }

    public var description: String { variable.map { "\($0): \(message)" } ?? message }
}
