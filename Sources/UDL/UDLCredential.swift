import AWS
public import Foundation

/// The `Authorization` value the UDL expects, sent verbatim (it carries its scheme, e.g. `Basic …`).
/// Its descriptions are redacted so it can never leak into logs, ledger rows or errors.
public struct UDLCredential: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let authorization: String

    public init(authorization: String) {
        self.authorization = authorization
    }

    public var description: String { "UDLCredential(<redacted>)" }
    public var debugDescription: String { description }

    /// Where the credential came from, for logs.
    public enum Source: String, Sendable {
        case basicAuthVariable = "BASICAUTH"
        case secretsManager = "SECRET_ARN_UDL"
    }

    /// The reference's resolution: `BASICAUTH` first; else the Secrets Manager secret named by
    /// `SECRET_ARN_UDL`, whose `SecretString` is JSON with key `basicauth`; else a configuration error.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> (UDLCredential, Source) {
        if let value = environment["BASICAUTH"], !value.isEmpty {
            return (UDLCredential(authorization: value), .basicAuthVariable)
        }
        guard let arn = environment["SECRET_ARN_UDL"], !arn.isEmpty else {
            throw UDLCredentialError.missing
        }
        let secret: String
        do {
            let client = try SecretsManagerClient.fromEnvironment(AWSEnvironment(variables: environment), secretID: arn)
            secret = try await client.secretString(id: arn)
        } catch {
            throw UDLCredentialError.unreadable("\(error)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(secret.utf8))) as? [String: Any],
              let value = object["basicauth"] as? String, !value.isEmpty else {
            throw UDLCredentialError.unreadable("the secret \(arn) is not JSON with a non-empty \"basicauth\" key")
        }
        return (UDLCredential(authorization: value), .secretsManager)
    }
}

/// Why no credential could be found; the texts never include a credential.
public enum UDLCredentialError: Error, CustomStringConvertible, Equatable {
    case missing
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing: "no UDL credential: set BASICAUTH to the Authorization value (e.g. 'Basic …') or SECRET_ARN_UDL to a Secrets Manager secret holding {\"basicauth\": …}"
        case let .unreadable(reason): "cannot read the UDL credential from SECRET_ARN_UDL: \(reason)"
        }
    }
}
