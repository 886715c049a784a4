#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CDF

/// A REACH-shaped CDF: per day 17,280 records of Epoch (TT2000), dose_rate (REAL4 32 × 2), six
/// REAL8 [32] position variables and an INT4 [32] quality flag, plus non-record-varying sensor and
/// flavor axes: about 33 MB a day. Values follow a fixed integer formula that Benchmarks/cdf_peers.py
/// reproduces exactly, so every writer stores the same bytes.
enum REACHShapedCDF {
    static let recordsPerDay = 17_280, sensors = 32, flavors = 2
    static let positionNames = ["lat", "lon", "alt", "sensor_position_x", "sensor_position_y", "sensor_position_z"]
    /// 2025-09-01T12:00:00 UTC.
    static let firstEpoch: Int64 = 810_000_069_184_000_000

    /// One day's values (identical every day but Epoch), generated before the clock starts.
    struct Day {
        var dose: [Float] = []
        var positions: [[Double]] = []
        var quality: [Int32] = []

        init() {
            let n = REACHShapedCDF.recordsPerDay
            dose = (0..<(n * 64)).map { Float(Double(($0 * 7919) % 100_003) * 0.01) }
            positions = (0..<6).map { (v: Int) -> [Double] in
                (0..<(n * 32)).map { (k: Int) -> Double in
                    let scrambled: Int = ((k + v * 1_000_003) * 104_729) % 1_000_003
                    return Double(scrambled) * 0.001 - 500
                }
            }
            quality = (0..<(n * 32)).map { Int32($0 % 7 == 0 ? 1 : 0) }
        }
    }

    /// Writes `days` days; returns the seconds from the first define to the rename, and the file size.
    /// `engine` compresses the GZIP blocks (nil: uncompressed).
    static func write(path: String, days: Int, engine: CDFDeflateEngine?, oneRecordPerCall: Bool) throws -> (seconds: Double, bytes: Int) {
        let day = Day()
        let compression: CDFCompression? = engine == nil ? nil : .gzip(level: 6)
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let cdf = try CDFWriter(path: path, options: .init(deflateEngine: engine ?? .fastest))
        cdf.setGlobalAttribute("Project", [.char("Ferry benchmark")])
        let epoch = try cdf.define(.init(name: "Epoch", type: .timeTT2000, compression: compression))
        let sensorIDs = try cdf.define(.init(name: "sensor_ids", type: .int4, dimensions: [sensors], recordVarying: false))
        let flavorIDs = try cdf.define(.init(name: "dosimeter_flavor_ids", type: .int4, dimensions: [flavors], recordVarying: false))
        let dose = try cdf.define(.init(name: "dose_rate", type: .real4, dimensions: [sensors, flavors], compression: compression))
        let positions = try positionNames.map { try cdf.define(.init(name: $0, type: .real8, dimensions: [sensors], compression: compression)) }
        let quality = try cdf.define(.init(name: "obQuality", type: .int4, dimensions: [sensors], compression: compression))
        try cdf.append((0..<Int32(sensors)).map { 100 + $0 }, to: sensorIDs)
        try cdf.append([0, 1] as [Int32], to: flavorIDs)
        for d in 0..<days {
            let epochs = (0..<recordsPerDay).map { firstEpoch + Int64(d * recordsPerDay + $0) * 5_000_000_000 }
            if oneRecordPerCall {
                for r in 0..<recordsPerDay {
                    try cdf.append([epochs[r]], to: epoch)
                    try cdf.append(Array(day.dose[(r * 64)..<(r * 64 + 64)]), to: dose)
                    for (v, variable) in positions.enumerated() { try cdf.append(Array(day.positions[v][(r * 32)..<(r * 32 + 32)]), to: variable) }
                    try cdf.append(Array(day.quality[(r * 32)..<(r * 32 + 32)]), to: quality)
                }
            } else {
                try cdf.append(epochs, to: epoch)
                try cdf.append(day.dose, to: dose)
                for (v, variable) in positions.enumerated() { try cdf.append(day.positions[v], to: variable) }
                try cdf.append(day.quality, to: quality)
            }
        }
        try cdf.close()
        clock_gettime(CLOCK_MONOTONIC, &end)
        var info = stat()
        stat(path, &info)
        return (Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9, Int(info.st_size))
    }

    /// Reads every variable of `path` one day of records at a time, as the peers' readers do;
    /// returns the seconds from opening the file to the last value, and the bytes of values read.
    static func read(path: String, days: Int) throws -> (seconds: Double, bytes: Int) {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let file = try CDFFile(path: path)
        var total = 0
        for variable in file.variables {
            guard variable.recordVarying else {
                total += try file.values(of: variable).count * variable.type.size
                continue
            }
            for d in 0..<days {
                let records = (d * recordsPerDay)..<min((d + 1) * recordsPerDay, variable.recordCount)
                total += try file.values(of: variable, records: records).count * variable.type.size
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &end)
        return (Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9, total)
    }
}

