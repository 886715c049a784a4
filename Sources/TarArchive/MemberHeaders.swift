/// The header blocks before a member's data: a pax extended header where ustar cannot hold a value
/// exactly, then the ustar header.
enum MemberHeaders {
    /// The name GNU tar's and Python's readers accept for a pax extended header entry.
    private static let paxHeaderName = Array("././@PaxHeader".utf8)

    static func blocks(path: String, mode: Int, uid: Int, gid: Int, size: Int, modificationTime: Int,
                       nanoseconds: Int) -> [UInt8] {
        let pathBytes = Array(path.utf8)
        let split = UstarHeader.split(pathBytes)
        let sizeFits = size <= UstarHeader.largestTwelveByteValue
        let timeFits = (0...UstarHeader.largestTwelveByteValue).contains(modificationTime)
        let uidFits = uid <= UstarHeader.largestEightByteValue
        let gidFits = gid <= UstarHeader.largestEightByteValue

        var records: [(key: String, value: [UInt8])] = []
        if split == nil || pathBytes.contains(where: { $0 >= 0x80 }) { records.append(("path", pathBytes)) }
        if !sizeFits { records.append(("size", Array(String(size).utf8))) }
        if !uidFits { records.append(("uid", Array(String(uid).utf8))) }
        if !gidFits { records.append(("gid", Array(String(gid).utf8))) }
        // Once there is an extended header, it might as well carry the time to the nanosecond.
        if !records.isEmpty || !timeFits {
            records.append(("mtime", Array(paxTime(modificationTime, nanoseconds).utf8)))
        }

        let clampedTime = min(max(modificationTime, 0), UstarHeader.largestTwelveByteValue)
        var blocks: [UInt8] = []
        if !records.isEmpty {
            let data = PaxRecords.encode(records)
            blocks += UstarHeader(name: paxHeaderName[...], prefix: [], mode: 0o644, uid: 0, gid: 0,
                                  size: data.count, modificationTime: clampedTime,
                                  typeflag: UInt8(ascii: "x")).block
            blocks += data
            blocks += [UInt8](repeating: 0, count: TarArchiveWriter.padding(data.count, to: UstarHeader.blockSize))
        }
        // Readers without pax support still get a usable (possibly shortened) name.
        let (prefix, name) = split ?? (prefix: [], name: pathBytes.prefix(100))
        blocks += UstarHeader(name: name, prefix: prefix, mode: mode, uid: uidFits ? uid : 0, gid: gidFits ? gid : 0,
                              size: sizeFits ? size : 0, modificationTime: clampedTime,
                              typeflag: UInt8(ascii: "0")).block
        return blocks
    }

    /// A pax time: decimal seconds, with the fraction (trailing zeros dropped) when there is one.
    static func paxTime(_ seconds: Int, _ nanoseconds: Int) -> String {
        guard nanoseconds != 0 else { return String(seconds) }
        // A negative time with a fraction: -2 s + 0.5 s is written "-1.5".
        let (sign, whole, fraction) = seconds < 0
            ? ("-", -(seconds + 1), 1_000_000_000 - nanoseconds)
            : ("", seconds, nanoseconds)
        var digits = String(fraction)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }
}
