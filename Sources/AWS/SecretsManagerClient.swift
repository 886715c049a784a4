public import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Reads secrets from AWS Secrets Manager (`GetSecretValue`, JSON protocol, signed with SigV4).
public struct SecretsManagerClient: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    /// `https://secretsmanager.<region>.amazonaws.com` unless a custom endpoint is configured.
    public let endpoint: String
    let client: HTTPClient

    public init(credentials: AWSCredentials, region: String, endpoint: String? = nil, client: HTTPClient = .shared) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint ?? "https://secretsmanager.\(region).amazonaws.com"
        self.client = client
    }

    /// A client from the usual AWS settings; the region defaults to the one named in `secretID`
    /// when it is an ARN (`arn:aws:secretsmanager:<region>:…`).
    public static func fromEnvironment(_ environment: AWSEnvironment = AWSEnvironment(), secretID: String,
                                       client: HTTPClient = .shared) throws -> SecretsManagerClient {
        guard let credentials = try environment.credentials() else {
            throw SecretsManagerError.configuration("no AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile) to read \(secretID)")
        }
        let arnParts = secretID.split(separator: ":", omittingEmptySubsequences: false)
        let arnRegion = arnParts.count > 3 && arnParts[0] == "arn" ? String(arnParts[3]) : nil
        guard let region = try environment.region() ?? arnRegion, !region.isEmpty else {
            throw SecretsManagerError.configuration("no AWS region (AWS_REGION) to read \(secretID)")
        }
        return SecretsManagerClient(credentials: credentials, region: region,
                                    endpoint: environment.endpoint(service: "SECRETS_MANAGER"), client: client)
    }

    /// The secret's `SecretString`.
    public func secretString(id: String) async throws -> String {
        guard let url = URL(string: endpoint), let host = url.host else {
            throw SecretsManagerError.configuration("Secrets Manager endpoint '\(endpoint)' is not a URL")
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let body = try JSONSerialization.data(withJSONObject: ["SecretId": id])
        let payloadHash = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let signable = SigV4Signer.Request(
            method: "POST", host: hostHeader, path: "/",
            headers: [("content-type", "application/x-amz-json-1.1"), ("x-amz-target", "secretsmanager.GetSecretValue")],
            payloadHash: payloadHash)
        let signer = SigV4Signer(credentials: credentials, region: region, service: "secretsmanager")
        var request = HTTPClientRequest(url: endpoint.hasSuffix("/") ? endpoint : endpoint + "/")
        request.method = .POST
        for (name, value) in signer.signedHeaders(for: signable, contentHashHeader: false) where name != "host" {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(30))
        } catch {
            throw SecretsManagerError.transport("Secrets Manager at \(endpoint) unreachable: \(error)")
        }
        let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard response.status == .ok else {
            // The error's type and message never include the secret; they name the secret id.
            let type = (object?["__type"] as? String).map { $0.split(separator: "#").last.map(String.init) ?? $0 } ?? "\(response.status.code)"
            let message = object?["message"] as? String ?? object?["Message"] as? String ?? ""
            throw SecretsManagerError.service(secretID: id, type: type, message: message)
        }
        guard let secret = object?["SecretString"] as? String else {
            throw SecretsManagerError.service(secretID: id, type: "NoSecretString", message: "the secret has no SecretString")
        }
        return secret
    }
}

/// Why a secret could not be read; never carries the secret.
public enum SecretsManagerError: Error, CustomStringConvertible, Equatable {
    case configuration(String)
    case transport(String)
    case service(secretID: String, type: String, message: String)

    public var description: String {
        switch self {
        case let .configuration(text), let .transport(text): text
        case let .service(id, type, message): "Secrets Manager could not return \(id): \(type)\(message.isEmpty ? "" : " (\(message))")"
        }
    }
}
