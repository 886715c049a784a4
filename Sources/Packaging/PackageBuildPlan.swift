public import SQLDatabase

/// Everything one attempt needs to build a package, read in one transaction.
public struct PackageBuildPlan: Sendable, Codable, Equatable {
    public struct Member: Sendable, Codable, Equatable {
        public let fileID: String
        public let path: String
        /// The checksum the file was registered with, if any: the built member must match it.
        public let expectedSHA256: String?
    }

    public let packageID: Int64
    public let name: String
    public let relativePath: String
    public let source: DataLocation
    /// Active buffers of the package's site, primary first.
    public let buffers: [DataLocation]
    public let members: [Member]

    /// Reads the plan of package `packageID`.
    public static func load(packageID: Int64, in connection: any SQLConnection) throws -> PackageBuildPlan {
        guard let row = try connection.queryFirst("""
            SELECT name, relative_path, source_location_id, site_id FROM pkg_packages WHERE id = ?
            """, [.integer(packageID)]) else {
            throw PackagingError.notFound("no package with id \(packageID)")
        }
        let members = try connection.query("""
            SELECT id, relative_path, sha256 FROM pkg_raw_files WHERE package_id = ? ORDER BY relative_path
            """, [.integer(packageID)]).map {
            Member(fileID: try $0.string("id"), path: try $0.string("relative_path"), expectedSHA256: $0.optionalString("sha256"))
        }
        return PackageBuildPlan(packageID: packageID, name: try row.string("name"), relativePath: try row.string("relative_path"),
                                source: try DataLocation.withID(try row.int64("source_location_id"), in: connection),
                                buffers: try DataLocation.activeBuffers(ofSite: try row.int64("site_id"), in: connection),
                                members: members)
    }
}

extension PackageBuildPlan {
    /// The first member whose built sha256 differs from the one its file was registered with, in
    /// words; nil when every registered checksum matches.
    public func registeredChecksumMismatch(in built: [(path: String, sha256: String)]) -> String? {
        let registered = Dictionary(members.map { (ExactName($0.path), $0.expectedSHA256) }, uniquingKeysWith: { first, _ in first })
        for member in built {
            if let want = registered[ExactName(member.path)] ?? nil, want.lowercased() != member.sha256 {
                return "\(member.path) has sha256 \(member.sha256), but it was registered with \(want.lowercased())"
            }
        }
        return nil
    }
}

/// What a built package is: where it went and its checksums.
public struct BuiltPackage: Sendable, Codable, Equatable {
    public struct Member: Sendable, Codable, Equatable {
        public let path: String
        public let size: Int64
        public let sha256: String
    }

    public let bufferLocationID: Int64
    public let bufferName: String
    public let size: Int64
    public let sha256: String
    public let members: [Member]
    /// Buffers tried before the one that took the package, with why they failed.
    public let bufferFailures: [String]
}
