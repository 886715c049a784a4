import Foundation

/// The payload of a `package.build` task.
public struct PackageBuildTask: Sendable, Codable, Equatable {
    public static let kind = "package.build"
    public let packageID: Int64

    enum CodingKeys: String, CodingKey { case packageID = "package_id" }

    public init(packageID: Int64) { self.packageID = packageID }

    public func json() -> String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(json: String) throws {
        self = try JSONDecoder().decode(PackageBuildTask.self, from: Data(json.utf8))
    }
}
