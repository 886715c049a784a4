public import Foundation

/// Where credentials, region and endpoints come from, following the AWS CLI's conventions:
/// environment variables first, then the shared credentials and config files of a profile.
public struct AWSEnvironment: Sendable {
    public let variables: [String: String]

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The profile in use: `AWS_PROFILE`, else `default`.
    public var profile: String { nonEmpty("AWS_PROFILE") ?? "default" }

    /// Credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, else from the
    /// profile in the shared credentials file; nil when neither has them.
    public func credentials() throws -> AWSCredentials? {
        if let key = nonEmpty("AWS_ACCESS_KEY_ID"), let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") {
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty("AWS_SESSION_TOKEN"))
        }
        let file = nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? home + "/.aws/credentials"
        guard let section = try INIFile.section(profile, in: file) else { return nil }
        guard let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else { return nil }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: section["aws_session_token"])
    }

    /// `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region` in the config file.
    public func region() throws -> String? {
        if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
        let file = nonEmpty("AWS_CONFIG_FILE") ?? home + "/.aws/config"
        let name = profile == "default" ? "default" : "profile \(profile)"
        return try INIFile.section(name, in: file)?["region"]
    }

    /// The endpoint for `service` (`S3`, `SECRETS_MANAGER`): `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`.
    public func endpoint(service: String) -> String? {
        nonEmpty("AWS_ENDPOINT_URL_\(service)") ?? nonEmpty("AWS_ENDPOINT_URL")
    }

    private var home: String { nonEmpty("HOME") ?? NSHomeDirectory() }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}

/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`.
enum INIFile {
    /// The keys of `[name]`, or nil when the file or the section is missing.
    static func section(_ name: String, in path: String) throws -> [String: String]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var current: String?
        var found: [String: String]?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if current == name && found == nil { found = [:] }
                continue
            }
            guard current == name, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            found?[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return found
    }
}
