extension CDFDocument {
    /// The global attribute called `name`, if the document has one.
    public func globalAttribute(_ name: String) -> Attribute? {
        attributes.first { $0.scope == .global && $0.name == name }
    }

    /// The variable called `name`, if the document has one.
    public func variable(_ name: String) -> Variable? { variables.first { $0.name == name } }
}

extension CDFDocument.Variable {
    /// The variable's entry of attribute `name`, if it has one.
    public func attribute(_ name: String) -> CDFValues? { attributes.first { $0.name == name }?.value }

    /// Records in the file: maxRec + 1.
    public var recordCount: Int { maxRec + 1 }

    /// Values in one record: the product of the varying dimensions.
    public var valuesPerRecord: Int { recordShape.reduce(1, *) }

    /// All records' values of a numeric variable, flat; nil for CHAR/UCHAR.
    public var numbers: CDFValues? {
        if case let .numbers(values) = records { values } else { nil }
    }
}
