import UDLRecordFormat
import CDF
import Foundation
import REACHMission
import UTCDate

/// Writes a ``REACHL1CDay`` as an ISTP-compliant CDF: the reference product's variables, with
/// dose_rate labelled in its true unit (rad/s) rather than the reference's "0.01 J / kg".
public struct REACHL1CWriter: Sendable {
    public let sensorID: String

    public init(sensorID: String) {
        self.sensorID = sensorID
    }

    /// Writes the product under `outputDirectory/l1c/prelim/YYYY/MM/DD/` and returns its path.
    public func write(_ product: REACHL1CDay, outputDirectory: String) throws -> String {
        let name = REACHProductName(sensorID: sensorID, firstEpoch: product.epochs.first ?? product.day.secondsSinceEpoch * 1000)
        let path = outputDirectory + "/" + REACHProductName.key(day: product.day, fileName: name.fileName)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let cdf = try CDFWriter(path: path)
        writeGlobalAttributes(cdf, product: product, name: name)
        let s = product.sensors.count, f = product.flavorsPerSensor
        let axes = try defineAxes(cdf, sensors: s, flavors: f)
        try cdf.append(product.epochs.map(TT2000.from(unixMilliseconds:)), to: axes.epoch)
        try cdf.append(product.sensors.map { Int32($0.number) }, to: axes.sensorIDs)
        try cdf.append(strings: product.sensors.map(\.id), to: axes.sensorLabels)
        try cdf.append((0..<f).map(Int32.init), to: axes.flavorIDs)
        try cdf.append(strings: (0..<f).map { "flavor_\($0)" }, to: axes.flavorLabels)
        let flavors = try cdf.define(.init(name: "dosimeter_flavors", type: .char, elements: 8, dimensions: [s, f],
                                           recordVarying: false))
        metadata(cdf, flavors, "Dosimeter flavor of each sensor's slot", "dosimeter_flavors")
        try cdf.append(strings: product.sensors.flatMap { sensor in sensor.flavors.map { "Flavor \($0)" } }, to: flavors)

        let dose = try cdf.define(.init(name: "dose_rate", type: .real4, dimensions: [s, f], pad: .real4([REACHL1CDay.floatFill])))
        data(cdf, dose, name: "dose_rate", catdesc: "Dose rate for each sensor and dosimeter flavor", units: "rad/s", fill: .real4([REACHL1CDay.floatFill]),
             min: .real4([0]), max: .real4([1]), format: "E12.4", scale: "log", flavorAxis: true)
        try cdf.append(product.doseRate, to: dose)

        let perSensor: [(String, String, String, Double, Double, [Double])] = [
            ("lat", "Latitude of the hosting vehicle", "deg", -90, 90, product.latitude),
            ("lon", "Longitude of the hosting vehicle", "deg", -180, 360, product.longitude),
            ("alt", "Altitude of the hosting vehicle", "km", 0, 2000, product.altitude),
            ("sensor_position_x", "GEI (J2000) position X", "km", -10_000, 10_000, product.positionX),
            ("sensor_position_y", "GEI (J2000) position Y", "km", -10_000, 10_000, product.positionY),
            ("sensor_position_z", "GEI (J2000) position Z", "km", -10_000, 10_000, product.positionZ),
        ]
        for (variableName, catdesc, units, low, high, values) in perSensor {
            let variable = try cdf.define(.init(name: variableName, type: .real8, dimensions: [s], pad: .real8([REACHL1CDay.doubleFill])))
            data(cdf, variable, name: variableName, catdesc: catdesc, units: units, fill: .real8([REACHL1CDay.doubleFill]),
                 min: .real8([low]), max: .real8([high]), format: "F10.4", scale: "linear", flavorAxis: false)
            try cdf.append(values, to: variable)
        }
        let quality = try cdf.define(.init(name: "obQuality", type: .int4, dimensions: [s], pad: .int4([REACHL1CDay.qualityFill])))
        data(cdf, quality, name: "obQuality", catdesc: "UDL observation quality flag", units: " ", fill: .int4([REACHL1CDay.qualityFill]),
             min: .int4([0]), max: .int4([Int32.max]), format: "I10", scale: "linear", flavorAxis: false)
        try cdf.append(product.quality, to: quality)
        try cdf.close()
        return path
    }

    private struct Axes {
        let epoch, sensorIDs, sensorLabels, flavorIDs, flavorLabels: CDFVariable
    }

    private func defineAxes(_ cdf: CDFWriter, sensors: Int, flavors: Int) throws -> Axes {
        let epoch = try cdf.define(.init(name: "Epoch", type: .timeTT2000, pad: .timeTT2000([TT2000.pad])))
        for (name, value) in [("CATDESC", "Observation time (UTC obTime of the UDL records)"), ("FIELDNAM", "Epoch"),
                              ("VAR_TYPE", "support_data"), ("UNITS", "ns"), ("TIME_BASE", "J2000"),
                              ("TIME_SCALE", "Terrestrial Time"), ("REFERENCE_POSITION", "Rotating Earth Geoid"),
                              ("MONOTON", "INCREASE"), ("SCALETYP", "linear"), ("LABLAXIS", "Epoch")] {
            cdf.setAttribute(name, of: epoch, .char(value))
        }
        cdf.setAttribute("FILLVAL", of: epoch, .timeTT2000([TT2000.fill]))
        cdf.setAttribute("VALIDMIN", of: epoch, .timeTT2000([TT2000.from(year: 2017, month: 1, day: 1)]))
        cdf.setAttribute("VALIDMAX", of: epoch, .timeTT2000([TT2000.from(year: 2100, month: 1, day: 1)]))

        let sensorIDs = try cdf.define(.init(name: "sensor_ids", type: .int4, dimensions: [sensors], recordVarying: false))
        support(cdf, sensorIDs, "REACH sensor number (REACH-<n>)", "sensor_ids", fill: .int4([Int32.min]),
                min: .int4([100]), max: .int4([999]), format: "I3", labels: "sensor_labels")
        let sensorLabels = try cdf.define(.init(name: "sensor_labels", type: .char, elements: 9, dimensions: [sensors],
                                                recordVarying: false))
        metadata(cdf, sensorLabels, "REACH sensor labels", "sensor_labels")
        let flavorIDs = try cdf.define(.init(name: "dosimeter_flavor_ids", type: .int4, dimensions: [flavors], recordVarying: false))
        support(cdf, flavorIDs, "Dosimeter slot within a sensor (see dosimeter_flavors)", "dosimeter_flavor_ids",
                fill: .int4([Int32.min]), min: .int4([0]), max: .int4([Int32(flavors - 1)]), format: "I1",
                labels: "dosimeter_flavor_labels")
        let flavorLabels = try cdf.define(.init(name: "dosimeter_flavor_labels", type: .char, elements: 8, dimensions: [flavors],
                                                recordVarying: false))
        metadata(cdf, flavorLabels, "Labels of the dosimeter slot dimension", "dosimeter_flavor_labels")
        return Axes(epoch: epoch, sensorIDs: sensorIDs, sensorLabels: sensorLabels, flavorIDs: flavorIDs,
                    flavorLabels: flavorLabels)
    }

    private func support(_ cdf: CDFWriter, _ variable: CDFVariable, _ catdesc: String, _ field: String, fill: CDFValues,
                         min: CDFValues, max: CDFValues, format: String, labels: String) {
        for (name, value) in [("CATDESC", catdesc), ("FIELDNAM", field), ("VAR_TYPE", "support_data"), ("UNITS", " "),
                              ("FORMAT", format), ("LABLAXIS", field), ("SCALETYP", "linear")] {
            cdf.setAttribute(name, of: variable, .char(value))
        }
        cdf.setAttribute("FILLVAL", of: variable, fill)
        cdf.setAttribute("VALIDMIN", of: variable, min)
        cdf.setAttribute("VALIDMAX", of: variable, max)
    }

    private func metadata(_ cdf: CDFWriter, _ variable: CDFVariable, _ catdesc: String, _ field: String) {
        for (name, value) in [("CATDESC", catdesc), ("FIELDNAM", field), ("VAR_TYPE", "metadata"), ("FORMAT", "A9"),
                              ("FILLVAL", " ")] {
            cdf.setAttribute(name, of: variable, .char(value))
        }
    }

    private func data(_ cdf: CDFWriter, _ variable: CDFVariable, name: String, catdesc: String, units: String, fill: CDFValues,
                      min: CDFValues, max: CDFValues, format: String, scale: String, flavorAxis: Bool) {
        var text: [(String, String)] = [("CATDESC", catdesc), ("FIELDNAM", name),
                                        ("VAR_TYPE", "data"), ("UNITS", units), ("FORMAT", format), ("SCALETYP", scale),
                                        ("DEPEND_0", "Epoch"), ("DEPEND_1", "sensor_ids"), ("LABL_PTR_1", "sensor_labels"),
                                        // Every data variable has a sensor axis: ISTP calls multi-dimensional plots spectrograms.
                                        ("DISPLAY_TYPE", "spectrogram")]
        if flavorAxis { text += [("DEPEND_2", "dosimeter_flavor_ids"), ("LABL_PTR_2", "dosimeter_flavor_labels")] }
        for (name, value) in text { cdf.setAttribute(name, of: variable, .char(value)) }
        cdf.setAttribute("FILLVAL", of: variable, fill)
        cdf.setAttribute("VALIDMIN", of: variable, min)
        cdf.setAttribute("VALIDMAX", of: variable, max)
    }

    private func writeGlobalAttributes(_ cdf: CDFWriter, product: REACHL1CDay, name: REACHProductName) {
        let mission = "REACH>Responsive Environmental Assessment Commercially Hosted"
        let globals: [(String, String)] = [
            ("Project", "The Aerospace Corporation"),
            ("Source_name", mission),
            ("Discipline", "Space Physics>Magnetospheric Science, Space Weather"),
            ("Data_type", "prelim>Preliminary"),
            ("Descriptor", mission),
            ("Data_version", REACHProductName.version),
            ("Data_level", "L1C>Level 1 C"),
            ("Logical_file_id", name.logicalFileID),
            // The reference writes reach_all_prelim; ISTP (and spacepy's check) want the file name's prefix.
            ("Logical_source", "reach_\(name.mode)_\(REACHProductName.level)_\(REACHProductName.dataType)"),
            ("Logical_source_description", "Preliminary Dosimeter measurements from the Responsive Environmental Assessment Commercially Hosted"),
            ("PI_name", "Joe Mazur (joseph.e.mazur@aero.org)"),
            ("PI_affiliation", "The Aerospace Corporation"),
            ("TEXT", "The Responsive Environmental Assessment Commercially Hosted (REACH) constellation is a collection of 32 small sensors hosted on six orbital planes of the Iridium-Next space vehicles in low earth orbit. Each sensor contains two micro-dosimeters sensitive to the passage of charged particles from the Earth's radiation belts."),
            ("Instrument_type", "Particle Flux (space)"),
            ("Instrument_mode", name.mode),
            ("Mission_group", "REACH"),
            ("Time_resolution", "5 seconds"),
            ("DOI", "https://doi.org/10.5281/zenodo.5988170"),
            ("Rules_of_use", "See Usage Guidelines at: https://zenodo.org/record/6423507"),
            ("Generated_by", "Ferry"),
            ("Generation_date", UDLTime.format(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))),
            ("UDL_Source", product.descriptor),
        ]
        for (attribute, value) in globals { cdf.setGlobalAttribute(attribute, [.char(value)]) }
        cdf.setGlobalAttribute("MODS", [.char("v1.0.0 - Original version.")])
    }
}
