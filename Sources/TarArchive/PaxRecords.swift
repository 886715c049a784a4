/// pax extended header records (POSIX.1-2001 `pax` format): "<length> <key>=<value>\n", where the
/// length counts the whole record including its own digits.
enum PaxRecords {
    /// Encodes `records` in the order given.
    static func encode(_ records: [(key: String, value: [UInt8])]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (key, value) in records {
            let body = 1 + key.utf8.count + 1 + value.count + 1 // " key=value\n"
            var length = body + String(body).utf8.count
            // Adding the digits can add a digit (e.g. 98 + 2 → 100): settle on the fixed point.
            while length != body + String(length).utf8.count { length = body + String(length).utf8.count }
            bytes += Array(String(length).utf8)
            bytes.append(UInt8(ascii: " "))
            bytes += Array(key.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes += value
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Decodes records into key → value bytes; nil when the data is not well-formed records.
    static func decode(_ bytes: [UInt8]) -> [String: [UInt8]]? {
        var records: [String: [UInt8]] = [:]
        var start = 0
        while start < bytes.count {
            guard let space = bytes[start...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: bytes[start..<space], as: UTF8.self)),
                  length > space - start, start + length <= bytes.count,
                  bytes[start + length - 1] == UInt8(ascii: "\n") else { return nil }
            let record = bytes[(space + 1)..<(start + length - 1)]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            records[String(decoding: record[..<equals], as: UTF8.self)] = Array(record[(equals + 1)...])
            start += length
        }
        return records
    }
}
