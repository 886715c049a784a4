/// Whether an attribute describes the file or each variable.
public enum CDFAttributeScope: Sendable, Equatable {
    case global, variable
}

/// One attribute entry: its number (entry number, or the variable's number) and value.
public struct CDFAttributeEntry: Sendable, Equatable {
    /// The entry number (global) or the number of the variable it belongs to.
    public var number: Int
    /// The CDF type of the value.
    public var type: CDFDataType
    /// Element count (string length in bytes for CHAR/UCHAR).
    public var elements: Int
    /// The typed value.
    public var value: CDFValues

    /// An entry holding `value`; its type and element count come from the value.
    public init(number: Int, value: CDFValues) {
        self.number = number
        self.type = value.type
        self.elements = value.count
        self.value = value
    }
}

/// An attribute as the file lists it; variable-scope entries are also on each ``CDFVariableInfo``.
public struct CDFAttributeInfo: Sendable, Equatable {
    /// The attribute name.
    public var name: String
    /// The attribute number (its order in the file).
    public var number: Int
    /// Global or variable.
    public var scope: CDFAttributeScope
    /// Global entries (g/r entries of a global attribute), by entry number.
    public var entries: [CDFAttributeEntry]
}
