import Crypto
public import Foundation
import JSONValue
public import Stations
import Synchronization

/// The files a simulated station offers: names, ids, dates and contents all follow from the
/// configuration alone, so two archives of the same configuration are identical.
public final class StationArchive: Sendable {
    /// The first instant files are published (2024-01-01T00:00:00Z, in ms since 1970).
    static let dayStart: Int64 = 1_704_067_200_000
    let configuration: StationSimulatorConfiguration
    let entries: [ArchiveEntry]
    private let byID: [String: Int]
    private let byName: [String: Int]
    private let checksums = Mutex<[Int: String]>([:])

    /// The archive a station of `configuration` serves.
    public init(_ configuration: StationSimulatorConfiguration) {
        self.configuration = configuration
        let count = max(0, configuration.fileCount)
        let entries = (0..<count).map { ArchiveEntry(index: $0, count: count, configuration: configuration) }
        self.entries = entries
        byID = Dictionary(entries.map { ($0.id, $0.index) }, uniquingKeysWith: { first, _ in first })
        byName = Dictionary(entries.map { ($0.name, $0.index) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every file as the station lists it (a wrong MD5 where the faults ask for one), in publication order.
    /// The first call hashes every file's contents (then cached): with files of hundreds of MB, call it
    /// off the cooperative pool or list through the simulator instead.
    public var files: [StationFile] {
        entries.map { entry in
            // The entity is ours and well formed: decoding it cannot fail.
            try! StationFile(odata: entity(entry, withChecksum: true), kind: configuration.kind)
        }
    }

    /// The file named `name`, as listed.
    public func file(named name: String) -> StationFile? {
        byName[name].map { try! StationFile(odata: entity(entries[$0], withChecksum: true), kind: configuration.kind) }
    }

    /// Lower-case hex MD5 of the file's real contents.
    public func md5(of file: StationFile) -> String {
        guard let index = byName[file.name] ?? byID[file.id] else { return "" }
        return realMD5(entries[index])
    }

    /// The file's whole contents (for small files in tests).
    public func contents(of file: StationFile) -> Data {
        guard let index = byName[file.name] ?? byID[file.id] else { return Data() }
        let contents = entries[index].contents
        var data = Data(capacity: Int(contents.size))
        for chunk in 0..<contents.chunkCount { contents.withChunk(chunk) { data.append(contentsOf: $0) } }
        return data
    }

    func entry(id: String) -> ArchiveEntry? { byID[id].map { entries[$0] } }

    func realMD5(_ entry: ArchiveEntry) -> String {
        if let known = checksums.withLock({ $0[entry.index] }) { return known }
        var hash = Insecure.MD5()
        let contents = entry.contents
        for chunk in 0..<contents.chunkCount { contents.withChunk(chunk) { hash.update(bufferPointer: $0) } }
        let hex = hash.finalize().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        checksums.withLock { $0[entry.index] = hex }
        return hex
    }

    /// The MD5 the station lists: the real one, or a wrong one for the names the faults pick.
    func listedMD5(_ entry: ArchiveEntry) -> String {
        let real = realMD5(entry)
        guard configuration.faults.wrongChecksumNames.contains(entry.name) || entry.index < configuration.faults.wrongChecksumFirst
        else { return real }
        return String(real.reversed())   // same shape, other value
    }

    /// The OData entity of `entry`: an AUXIP `Product` or a CADIP `File`. The checksum costs a pass
    /// over the contents, so filtering asks without it.
    func entity(_ entry: ArchiveEntry, withChecksum: Bool) -> JSONValue {
        let published = ODataDate.string(milliseconds: entry.publicationMs)
        let eviction = ODataDate.string(milliseconds: entry.publicationMs + 7 * 86_400_000)
        var members: [String: JSONValue] = [
            "@odata.mediaContentType": "application/octet-stream",
            "Id": .string(entry.id), "Name": .string(entry.name),
            "PublicationDate": .string(published), "EvictionDate": .string(eviction),
        ]
        if withChecksum {
            members["Checksum"] = [["Algorithm": "MD5", "Value": .string(listedMD5(entry)), "ChecksumDate": .string(published)]]
        }
        if configuration.kind.servesChunks {
            members["SessionId"] = .string(entry.sessionID)
            members["Channel"] = .integer(Int64(entry.channel))
            members["BlockNumber"] = .integer(Int64(entry.block))
            members["FinalBlock"] = .bool(entry.finalBlock)
            members["Retransfer"] = false
            members["Size"] = .integer(entry.size)
        } else {
            members["ContentType"] = "application/octet-stream"
            members["ContentLength"] = .integer(entry.size)
            members["OriginDate"] = .string(ODataDate.string(milliseconds: entry.publicationMs - 600_000))
            members["ContentDate"] = ["Start": .string(ODataDate.string(milliseconds: entry.contentStartMs)),
                                      "End": .string(ODataDate.string(milliseconds: entry.contentEndMs))]
            members["Attributes"] = [["@odata.type": "#OData.CSC.StringAttribute", "Name": "productType",
                                      "ValueType": "String", "Value": .string(entry.productType)],
                                     ["@odata.type": "#OData.CSC.StringAttribute", "Name": "platformShortName",
                                      "ValueType": "String", "Value": .string(entry.platform)]]
        }
        return .object(members)
    }

    /// The CADIP sessions: consecutive files sharing a `SessionId`.
    func sessionEntities(_ files: [ArchiveEntry], withFiles: Bool) -> [JSONValue] {
        var sessions: [(String, [ArchiveEntry])] = []
        for entry in files {
            if sessions.last?.0 == entry.sessionID { sessions[sessions.count - 1].1.append(entry) } else { sessions.append((entry.sessionID, [entry])) }
        }
        return sessions.map { sessionID, members in
            let first = members[0]
            let downlinkStart = ODataDate.string(milliseconds: first.publicationMs - 900_000)
            let downlinkStop = ODataDate.string(milliseconds: first.publicationMs - 300_000)
            var session: [String: JSONValue] = [
                "Id": .string(first.sessionUUID), "SessionId": .string(sessionID), "NumChannels": 2,
                "PublicationDate": .string(ODataDate.string(milliseconds: first.publicationMs)),
                "Satellite": .string(first.platform), "StationUnitId": "01", "DownlinkOrbit": .integer(Int64(50_000 + first.sessionIndex)),
                "AcquisitionId": .string("\(50_000 + first.sessionIndex)_1"), "AntennaId": "MSP21", "FrontEndId": "01",
                "Retransfer": false, "AntennaStatusOK": true, "FrontEndStatusOK": true,
                "PlannedDataStart": .string(downlinkStart), "PlannedDataStop": .string(downlinkStop),
                "DownlinkStart": .string(downlinkStart), "DownlinkStop": .string(downlinkStop),
                "DownlinkStatusOK": true, "DeliveryPushOK": true,
            ]
            if withFiles { session["Files"] = .array(members.map { entity($0, withChecksum: true) }) }
            return .object(session)
        }
    }
}

/// One simulated file's identity and dates.
struct ArchiveEntry: Sendable {
    let index: Int
    let id: String
    let name: String
    let size: Int64
    let publicationMs: Int64
    let contentStartMs: Int64
    let contentEndMs: Int64
    let platform: String
    let productType: String
    let sessionIndex: Int
    let sessionID: String
    let sessionUUID: String
    let channel: Int
    let block: Int
    let finalBlock: Bool

    /// Files per CADIP session: two channels of four blocks.
    static let filesPerSession = 8

    init(index: Int, count: Int, configuration: StationSimulatorConfiguration) {
        self.index = index
        // Spread over the day, distinct to the millisecond, none at midnight of either end.
        publicationMs = StationArchive.dayStart + Int64(index + 1) * 86_400_000 / Int64(count + 1)
        contentEndMs = publicationMs - 3_600_000
        contentStartMs = contentEndMs - 6 * 3_600_000
        size = max(0, configuration.fileSize)
        let mission = configuration.mission.uppercased()
        platform = mission.count == 2 ? mission + "A" : mission
        var state = UInt64(truncatingIfNeeded: index) &* 0x2545_F491_4F6C_DD1D ^ (configuration.kind.servesChunks ? 0xCAD1 : 0xA0C5)
        id = Self.uuid(&state)
        sessionIndex = index / Self.filesPerSession
        let within = index % Self.filesPerSession
        channel = within / 4 + 1
        block = within % 4 + 1
        finalBlock = block == 4 || index == count - 1
        let sessionStartMs = StationArchive.dayStart + Int64(sessionIndex * Self.filesPerSession + 1) * 86_400_000 / Int64(count + 1) - 900_000
        sessionID = "\(platform)_\(Self.compact(sessionStartMs, separator: ""))\(String(sessionIndex % 1_000_000).leftPadded(6))"
        var sessionState = UInt64(truncatingIfNeeded: sessionIndex) &* 0x9E37_79B9 ^ 0x5E55
        sessionUUID = Self.uuid(&sessionState)
        let types = ["AUX_RESORB", "AUX_PREORB", "AUX_POEORB"]
        productType = types[index % types.count]
        if let renamed = configuration.faults.renamedFiles[index] {
            name = renamed
        } else if configuration.kind.servesChunks {
            name = "DCS_01_\(sessionID)_ch\(channel)_DSDB_\(String(block).leftPadded(5)).raw"
        } else {
            name = "\(platform)_OPER_\(productType)_OPOD_\(Self.compact(publicationMs, separator: "T"))"
                + "_V\(Self.compact(contentStartMs, separator: "T"))_\(Self.compact(contentEndMs, separator: "T")).EOF"
        }
    }

    var contents: FileContents { FileContents(name: name, size: size) }

    /// `YYYYMMDD<separator>HHMMSS`, as Sentinel names write times.
    static func compact(_ ms: Int64, separator: String) -> String {
        let text = ODataDate.string(milliseconds: ms)   // YYYY-MM-DDTHH:MM:SS.mmmZ
        let digits = text.prefix(19).filter(\.isNumber)
        return String(digits.prefix(8)) + separator + String(digits.dropFirst(8))
    }

    static func uuid(_ state: inout UInt64) -> String {
        let high = SplitMix.next(&state), low = SplitMix.next(&state)
        let hex = String(high, radix: 16).leftPadded(16) + String(low, radix: 16).leftPadded(16)
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
