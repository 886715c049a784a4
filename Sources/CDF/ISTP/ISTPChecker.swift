/// Checks a CDF (as a ``CDFDocument``) against ISTP: the required global and variable attributes
/// and their types, plus the checks spacepy.pycdf.istp applies (FileChecks and VariableChecks,
/// under the same rule names), so both tools flag the same faults.
public enum ISTPChecker {
    /// Every finding for `document`; `fileName` (the base name) enables the filename and date checks.
    public static func check(_ document: CDFDocument, fileName: String? = nil) -> [ISTPFinding] {
        var findings = requiredGlobals(document)
        findings += globalEmptyEntries(document)
        if let fileName {
            findings += filename(document, fileName)
            findings += times(document, fileName)
        }
        findings += timeMonotonicity(document)
        for variable in document.variables {
            findings += VariableRules(variable: variable, document: document).all()
        }
        return findings
    }

    static func requiredGlobals(_ document: CDFDocument) -> [ISTPFinding] {
        ISTP.requiredGlobalAttributes.compactMap { name in
            guard let attribute = document.globalAttribute(name), let first = attribute.entries.first else {
                return ISTPFinding(rule: "required_global", variable: nil, message: "No \(name) global attribute.")
            }
            guard first.value.type.isString else {
                return ISTPFinding(rule: "attribute_type", variable: nil,
                                   message: "Global attribute \(name) is \(first.value.type.name), expected CDF_CHAR.")
            }
            return nil
        }
    }

    /// spacepy FileChecks.empty_entry.
    static func globalEmptyEntries(_ document: CDFDocument) -> [ISTPFinding] {
        document.attributes.filter { $0.scope == .global }.flatMap { attribute in
            attribute.entries.compactMap { entry in
                entry.value.text == "" ? ISTPFinding(rule: "empty_entry", variable: nil,
                                                     message: "Empty CHAR entry \(entry.number) for attribute \(attribute.name).") : nil
            }
        }
    }

    /// spacepy FileChecks.filename: Logical_source prefixes the file name; Logical_file_id is it without ".cdf".
    static func filename(_ document: CDFDocument, _ fileName: String) -> [ISTPFinding] {
        var findings: [ISTPFinding] = []
        var values: [String: String] = [:]
        for name in ["Logical_source", "Logical_file_id"] {
            if let entry = document.globalAttribute(name)?.entries.first { values[name] = entry.value.text ?? "" } else {
                findings.append(.init(rule: "filename", variable: nil, message: "No \(name) in global attrs."))
            }
        }
        guard findings.isEmpty, let source = values["Logical_source"], let id = values["Logical_file_id"] else { return findings }
        if !fileName.hasPrefix(source) {
            findings.append(.init(rule: "filename", variable: nil, message: "Logical_source \(source) doesn't match filename \(fileName)."))
        }
        if String(fileName.dropLast(4)) != id {
            findings.append(.init(rule: "filename", variable: nil, message: "Logical_file_id \(id) doesn't match filename \(fileName)."))
        }
        return findings
    }

    /// spacepy FileChecks.times: every time value falls on the file name's YYYYMMDD day.
    static func times(_ document: CDFDocument, _ fileName: String) -> [ISTPFinding] {
        let digits = Array(fileName.utf8)
        var day: String?
        var run = 0
        for (index, byte) in digits.enumerated() {
            run = (48...57).contains(byte) ? run + 1 : 0
            if run == 8 { day = String(decoding: digits[(index - 7)...index], as: UTF8.self); break }
        }
        guard let day else {
            return [.init(rule: "times", variable: nil, message: "Cannot parse date from filename \(fileName)")]
        }
        var findings: [ISTPFinding] = []
        for variable in document.variables where variable.type.isTime {
            let days = Set(variable.numbers.map(dayStrings) ?? [])
            if days.count > 1 {
                findings.append(.init(rule: "times", variable: nil,
                                      message: "\(variable.name): multiple days \(days.sorted().joined(separator: ", "))."))
            } else if let only = days.first, only != day {
                findings.append(.init(rule: "times", variable: nil,
                                      message: "\(variable.name): date \(only) doesn't match file \(fileName)."))
            }
        }
        return findings
    }

    static func dayStrings(_ values: CDFValues) -> [String] {
        func format(_ c: CDFTimeComponents) -> String {
            let y = String(c.year), m = String(c.month), d = String(c.day)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + (m.count < 2 ? "0" : "") + m + (d.count < 2 ? "0" : "") + d
        }
        switch values {
        case let .timeTT2000(v): return v.map { format(TT2000.components($0)) }
        case let .epoch(v): return v.map { format(CDFEpoch.components($0)) }
        case let .epoch16(v): return stride(from: 0, to: v.count, by: 2).map { format(CDFEpoch16.components(seconds: v[$0], picoseconds: v[$0 + 1])) }
        default: return []
        }
    }

    /// spacepy FileChecks.time_monoton: time variables never decrease. (spacepy's own test skips a
    /// decrease found only between records 0 and 1, through `any()` of index 0; mirrored here.)
    static func timeMonotonicity(_ document: CDFDocument) -> [ISTPFinding] {
        document.variables.compactMap { variable in
            guard variable.type.isTime else { return nil }
            let all = variable.numbers?.doubles ?? []
            let times = stride(from: 0, to: all.count, by: max(1, variable.valuesPerRecord)).map { all[$0] }
            let decreasing = times.indices.dropFirst().filter { times[$0] < times[$0 - 1] }.map { $0 - 1 }
            guard decreasing.contains(where: { $0 != 0 }) else { return nil }
            return ISTPFinding(rule: "time_monoton", variable: nil,
                               message: "\(variable.name): Nonmonotonic time at record \(decreasing.map { String($0 + 1) }.joined(separator: ", ")).")
        }
    }
}
