/// Everything in a CDF as one value: what `ferry cdf dump --json` prints and what `ferry cdf create`
/// builds a file from, so that dump → create → dump is the identity.
public struct CDFDocument: Sendable, Equatable {
    /// File-wide settings.
    public var format: Format
    /// Every attribute in number order; variable-scope attributes list no entries here (their
    /// values sit on each variable).
    public var attributes: [Attribute]
    /// rVariables then zVariables, each in number order.
    public var variables: [Variable]

    /// Memberwise initialiser.
    public init(format: Format, attributes: [Attribute], variables: [Variable]) {
        self.format = format
        self.attributes = attributes
        self.variables = variables
    }

    /// The file's version, encoding, majority, compression and checksum.
    public struct Format: Sendable, Equatable {
        /// "version.release.increment" of the library that wrote the file, e.g. "3.9.0".
        public var version: String
        /// NASA's encoding name, e.g. "IBMPC" (little-endian) or "NETWORK" (big-endian).
        public var encoding: String
        /// "row" or "column".
        public var majority: String
        /// Whole-file compression: "none" or "gzip".
        public var compression: String
        /// "none" or "md5".
        public var checksum: String

        /// Memberwise initialiser.
        public init(version: String, encoding: String, majority: String, compression: String, checksum: String) {
            self.version = version
            self.encoding = encoding
            self.majority = majority
            self.compression = compression
            self.checksum = checksum
        }
    }

    /// An attribute with its scope and (for a global attribute) its entries.
    public struct Attribute: Sendable, Equatable {
        /// The attribute name.
        public var name: String
        /// Global or variable.
        public var scope: CDFAttributeScope
        /// A global attribute's entries by number (empty for a variable attribute).
        public var entries: [Entry]

        /// Memberwise initialiser.
        public init(name: String, scope: CDFAttributeScope, entries: [Entry]) {
            self.name = name
            self.scope = scope
            self.entries = entries
        }
    }

    /// One numbered entry of a global attribute.
    public struct Entry: Sendable, Equatable {
        /// The entry number ("num").
        public var number: Int
        /// The typed value (its type is the entry's "type").
        public var value: CDFValues

        /// Memberwise initialiser.
        public init(number: Int, value: CDFValues) {
            self.number = number
            self.value = value
        }
    }

    /// A variable's entry of a variable-scope attribute.
    public struct VariableAttribute: Sendable, Equatable {
        /// The attribute name.
        public var name: String
        /// The typed value.
        public var value: CDFValues

        /// Memberwise initialiser.
        public init(name: String, value: CDFValues) {
            self.name = name
            self.value = value
        }
    }

    /// A variable's values: numbers flat in row-major order over records and varying dimensions
    /// (EPOCH16 as seconds, picoseconds pairs), or one string per value for CHAR/UCHAR.
    public enum Records: Sendable, Equatable {
        case numbers(CDFValues)
        case strings([String])
    }

    /// A variable's description and all its records.
    public struct Variable: Sendable, Equatable {
        /// The variable name.
        public var name: String
        /// z or r.
        public var kind: CDFVariableKind
        /// The CDF type of each element.
        public var type: CDFDataType
        /// 1 for numbers, the string length for CHAR/UCHAR.
        public var numElems: Int
        /// Dimension sizes.
        public var dims: [Int]
        /// Whether each dimension varies (a fixed one holds one value per record).
        public var dimVarys: [Bool]
        /// Whether each record holds its own values.
        public var recVary: Bool
        /// Highest record number, −1 when there are none.
        public var maxRec: Int
        /// The VDR's pad value; nil when the variable has none (the type's default applies).
        public var pad: CDFValues?
        /// "none" or "gzip" (also "rle", "huff", "ahuff" for files from elsewhere).
        public var compression: String
        /// Records per compressed block.
        public var blockingFactor: Int
        /// The variable's entries of variable attributes, in attribute order.
        public var attributes: [VariableAttribute]
        /// maxRec + 1 records, each shaped by the varying dimensions.
        public var records: Records

        /// Memberwise initialiser.
        public init(name: String, kind: CDFVariableKind, type: CDFDataType, numElems: Int, dims: [Int],
                    dimVarys: [Bool], recVary: Bool, maxRec: Int, pad: CDFValues?, compression: String,
                    blockingFactor: Int, attributes: [VariableAttribute], records: Records) {
            self.name = name
            self.kind = kind
            self.type = type
            self.numElems = numElems
            self.dims = dims
            self.dimVarys = dimVarys
            self.recVary = recVary
            self.maxRec = maxRec
            self.pad = pad
            self.compression = compression
            self.blockingFactor = blockingFactor
            self.attributes = attributes
            self.records = records
        }

        /// Sizes of the dimensions that vary: the shape of each record in `records`.
        public var recordShape: [Int] { zip(dims, dimVarys).filter(\.1).map(\.0) }
    }
}

extension CDFDocument {
    /// Reads every attribute and every record of `file`.
    public init(file: CDFFile) throws {
        let format = file.format
        self.format = Format(version: format.versionString, encoding: format.encodingName,
                             majority: format.rowMajor ? "row" : "column",
                             compression: format.fileCompression?.name ?? "none",
                             checksum: format.md5 ? "md5" : "none")
        attributes = file.attributes.map { attribute in
            Attribute(name: attribute.name, scope: attribute.scope,
                      entries: attribute.entries.map { Entry(number: $0.number, value: $0.value) })
        }
        variables = try file.variables.map { variable in
            let records: Records = variable.type.isString
                ? .strings(try file.strings(of: variable)) : .numbers(try file.values(of: variable))
            return Variable(name: variable.name, kind: variable.kind, type: variable.type, numElems: variable.elements,
                            dims: variable.dimensions, dimVarys: variable.dimensionVarys,
                            recVary: variable.recordVarying, maxRec: variable.maxRecord, pad: variable.pad,
                            compression: variable.compression?.name ?? "none", blockingFactor: variable.blockingFactor,
                            attributes: variable.attributes.map { VariableAttribute(name: $0.name, value: $0.entry.value) },
                            records: records)
        }
    }
}
