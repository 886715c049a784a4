/// A whole CDF as data: the model of `ferry cdf dump --json` that `ferry cdf create` builds files from.
public struct CDFDocument: Sendable, Equatable {
    public var format: Format
    public var attributes: [Attribute]
    public var variables: [Variable]

    public init(format: Format = .init(), attributes: [Attribute] = [], variables: [Variable] = []) {
        self.format = format
        self.attributes = attributes
        self.variables = variables
    }

    /// File-level settings.
    public struct Format: Sendable, Equatable {
        public var encoding: CDFEncoding
        /// Row-major (last dimension varies fastest) or column-major.
        public var rowMajor: Bool
        public var compression: CDFCompression
        public var md5: Bool

        public init(encoding: CDFEncoding = .littleEndian, rowMajor: Bool = true, compression: CDFCompression = .none, md5: Bool = false) {
            self.encoding = encoding
            self.rowMajor = rowMajor
            self.compression = compression
            self.md5 = md5
        }
    }

    /// An attribute in attribute-number order; global entries live here, variable entries on the variables.
    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var global: Bool
        /// Global entries by entry number.
        public var entries: [(number: Int, value: CDFValues)]

        public init(name: String, global: Bool, entries: [(number: Int, value: CDFValues)] = []) {
            self.name = name
            self.global = global
            self.entries = entries
        }

        public static func == (a: Attribute, b: Attribute) -> Bool {
            a.name == b.name && a.global == b.global && a.entries.count == b.entries.count
                && zip(a.entries, b.entries).allSatisfy { $0.number == $1.number && $0.value == $1.value }
        }
    }

    /// A zVariable: its definition, its attribute entries and its records (each already typed).
    public struct Variable: Sendable, Equatable {
        public var definition: CDFVariableDefinition
        /// Variable attribute entries in document order.
        public var attributes: [(name: String, value: CDFValues)]
        /// One value list per record, flattened row-major.
        public var records: [CDFValues]

        public init(definition: CDFVariableDefinition, attributes: [(name: String, value: CDFValues)] = [], records: [CDFValues] = []) {
            self.definition = definition
            self.attributes = attributes
            self.records = records
        }

        public static func == (a: Variable, b: Variable) -> Bool {
            a.definition == b.definition && a.records == b.records && a.attributes.count == b.attributes.count
                && zip(a.attributes, b.attributes).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        }

        /// The value of attribute `name`, if set.
        public func attribute(_ name: String) -> CDFValues? { attributes.first { $0.name == name }?.value }
    }

    /// The global attribute `name`, if present.
    public func globalAttribute(_ name: String) -> Attribute? { attributes.first { $0.global && $0.name == name } }

    /// The variable named `name`.
    public func variable(_ name: String) -> Variable? { variables.first { $0.definition.name == name } }
}
