/// The ISTP checks of one variable (spacepy's VariableChecks plus required attributes and types).
struct VariableRules {
    let variable: CDFDocument.Variable
    let document: CDFDocument

    var name: String { variable.name }
    var type: CDFDataType { variable.type }
    /// spacepy's `len(v.shape)`: a leading record axis for record-varying variables, then every dimension.
    var shapeRank: Int { (variable.recVary ? 1 : 0) + variable.dims.count }

    func finding(_ rule: String, _ message: String) -> ISTPFinding { ISTPFinding(rule: rule, variable: name, message: message) }
    func attribute(_ key: String) -> CDFValues? { variable.attribute(key) }

    func all() -> [ISTPFinding] {
        requiredAttributes() + attributeTypes() + depends() + depsize() + emptyEntries() + fillval() + recordcount()
            + valid(minimum: "VALIDMIN", maximum: "VALIDMAX", rule: "validrange", compareData: true)
            + valid(minimum: "SCALEMIN", maximum: "SCALEMAX", rule: "validscale", compareData: false)
            + displayType() + fieldnam()
    }

    /// ISTP's required variable attributes, by VAR_TYPE.
    func requiredAttributes() -> [ISTPFinding] {
        guard let varType = attribute("VAR_TYPE") else { return [finding("var_type", "No VAR_TYPE attribute.")] }
        guard let kind = varType.text, ISTP.variableTypes.contains(kind) else {
            return [finding("var_type", "VAR_TYPE \(varType.text ?? varType.type.name) is not data, support_data, metadata or ignore_data.")]
        }
        var required = ["CATDESC", "FIELDNAM"]
        var findings: [ISTPFinding] = []
        if kind == "data" {
            required += ["DISPLAY_TYPE", "FILLVAL", "UNITS", "VALIDMIN", "VALIDMAX"]
            if variable.recVary { required.append("DEPEND_0") }
            if attribute("FORMAT") == nil && attribute("FORM_PTR") == nil {
                findings.append(finding("required_attribute", "No FORMAT or FORM_PTR attribute."))
            }
            if variable.dims.isEmpty {
                if attribute("LABLAXIS") == nil { findings.append(finding("required_attribute", "No LABLAXIS attribute.")) }
            } else {
                for i in 1...variable.dims.count where attribute("DEPEND_\(i)") == nil && attribute("LABL_PTR_\(i)") == nil {
                    findings.append(finding("required_attribute", "No DEPEND_\(i) or LABL_PTR_\(i) attribute."))
                }
            }
        }
        findings = required.filter { attribute($0) == nil }.map { finding("required_attribute", "No \($0) attribute.") } + findings
        return findings
    }

    /// Text attributes must be strings (the value-typed ones are checked by fillval/validrange).
    func attributeTypes() -> [ISTPFinding] {
        variable.attributes.compactMap { entry in
            let isText = ["CATDESC", "FIELDNAM", "UNITS", "FORMAT", "DISPLAY_TYPE", "VAR_TYPE", "LABLAXIS", "SCALETYP",
                          "FORM_PTR", "UNIT_PTR", "DELTA_PLUS_VAR", "DELTA_MINUS_VAR", "TIME_BASE", "MONOTON"].contains(entry.name)
                || entry.name.hasPrefix("DEPEND_") || entry.name.hasPrefix("LABL_PTR_")
            guard isText, !entry.value.type.isString else { return nil }
            return finding("attribute_type", "\(entry.name) is \(entry.value.type.name), expected CDF_CHAR.")
        }
    }

    /// spacepy depends: DEPEND_*, LABL_PTR_*, DELTA_*_VAR name existing variables.
    func depends() -> [ISTPFinding] {
        variable.attributes.compactMap { entry in
            guard entry.name.hasPrefix("DEPEND_") || entry.name.hasPrefix("LABL_PTR_")
                    || entry.name == "DELTA_PLUS_VAR" || entry.name == "DELTA_MINUS_VAR" else { return nil }
            let target = entry.value.text ?? ""
            return document.variable(target) == nil ? finding("depends", "\(entry.name) variable \(target) missing.") : nil
        }
    }

    /// spacepy depsize (single-level dependencies): DEPEND_i's length matches dimension i.
    func depsize() -> [ISTPFinding] {
        var findings: [ISTPFinding] = []
        for (index, size) in variable.dims.enumerated() {
            let i = index + 1
            guard let target = attribute("DEPEND_\(i)")?.text, let dependency = document.variable(target) else { continue }
            if dependency.recVary != (dependency.attribute("DEPEND_0") != nil) {
                findings.append(finding("depsize", "DEPEND_\(i) \(target) is RV but has no DEPEND_0."))
                continue
            }
            if dependency.attribute("DEPEND_2") != nil { findings.append(finding("depsize", "Do not expect three layers of dependency.")); continue }
            if dependency.attribute("DEPEND_1") != nil { continue }   // two-level dependencies: not mirrored
            guard let actual = dependency.dims.first else { continue }
            if actual != size {
                findings.append(finding("depsize", "Dim \(index + (variable.recVary ? 1 : 0)) sized \(size) but DEPEND_\(i) \(target) sized \(actual)."))
            }
        }
        return findings
    }

    /// spacepy empty_entry: no CHAR attribute is the empty string.
    func emptyEntries() -> [ISTPFinding] {
        variable.attributes.compactMap { $0.value.text == "" ? finding("empty_entry", "Empty CHAR entry for attribute \($0.name).") : nil }
    }

    /// spacepy fillval: present, of the variable's type, equal to ISTP's value for the type.
    func fillval() -> [ISTPFinding] {
        guard let fill = attribute("FILLVAL") else { return [finding("fillval", "No FILLVAL attribute.")] }
        var findings: [ISTPFinding] = []
        if fill.type != type {
            findings.append(finding("fillval", "FILLVAL type \(fill.type.name) does not match variable type \(type.name)."))
        }
        let expected = ISTP.fillValue(for: type)
        let matches: Bool
        if type.isString {
            matches = fill.text == expected.text
        } else if type.isFloatingPoint, let actual = fill.doubles, let wanted = expected.doubles {
            matches = !actual.isEmpty && actual.allSatisfy { value in wanted.allSatisfy { abs(value - $0) <= 1e-7 * abs($0) } }
        } else if let actual = fill.integers, let wanted = expected.integers {
            matches = !actual.isEmpty && actual.allSatisfy { $0 == wanted[0] }
        } else if let actual = fill.doubles, let wanted = expected.doubles {
            matches = !actual.isEmpty && actual.allSatisfy { $0 == wanted[0] }
        } else {
            matches = false
        }
        if !matches { findings.append(finding("fillval", "FILLVAL \(fill), should be \(expected) for variable type \(type.name).")) }
        return findings
    }

    /// spacepy recordcount: as many records as DEPEND_0.
    func recordcount() -> [ISTPFinding] {
        guard variable.recVary, let target = attribute("DEPEND_0")?.text,
              let dependency = document.variable(target) else { return [] }
        guard variable.recordCount != dependency.recordCount else { return [] }
        return [finding("recordcount", "\(variable.recordCount) records; DEPEND_0 \(target) has \(dependency.recordCount).")]
    }

    /// spacepy validrange / validscale: the bounds have the variable's type, MIN ≤ MAX, and (for
    /// VALIDMIN/MAX) every non-fill value lies within them.
    func valid(minimum: String, maximum: String, rule: String, compareData: Bool) -> [ISTPFinding] {
        var findings: [ISTPFinding] = []
        for which in [minimum, maximum] {
            guard let bound = attribute(which) else { continue }
            if bound.type != type {
                findings.append(finding(rule, "\(which) type \(bound.type.name) does not match variable type \(type.name)."))
            }
            guard compareData, !type.isString, let limit = bound.doubles?.first, bound.doubles?.count == 1 else { continue }
            let fill = attribute("FILLVAL")?.doubles?.first
            var outside = 0
            for value in variable.numbers?.doubles ?? [] {
                if let fill, type.isFloatingPoint ? abs(value - fill) <= 1e-8 + 1e-5 * abs(fill) : value == fill { continue }
                if which == minimum ? value < limit : value > limit { outside += 1 }
            }
            if outside > 0 {
                findings.append(finding(rule, "\(outside) value(s) \(which == minimum ? "under" : "over") \(which) \(limit)."))
            }
        }
        if let low = attribute(minimum)?.doubles, let high = attribute(maximum)?.doubles,
           zip(low, high).contains(where: { $0 > $1 }) {
            findings.append(finding(rule, "\(minimum) > \(maximum)."))
        }
        return findings
    }

    /// spacepy validdisplaytype: one axis → time_series, more → spectrogram.
    func displayType() -> [ISTPFinding] {
        guard let display = attribute("DISPLAY_TYPE")?.text else { return [] }
        if shapeRank == 1 && display != "time_series" { return [finding("validdisplaytype", "1 dim variable with \(display) display type.")] }
        if shapeRank > 1 && display != "spectrogram" { return [finding("validdisplaytype", "Multi dim variable with \(display) display type.")] }
        return []
    }

    /// spacepy fieldnam: FIELDNAM equals the variable's name.
    func fieldnam() -> [ISTPFinding] {
        guard let field = attribute("FIELDNAM") else { return [finding("fieldnam", "No FIELDNAM attribute.")] }
        return field.text == name ? [] : [finding("fieldnam", "FIELDNAM attribute \(field.text ?? "\(field)") does not match var name.")]
    }
}
