import Foundation
import FerryTestSupport
import Testing
import UDL

/// `moto_server` on a loopback port: the AWS Secrets Manager peer (it checks the request shape;
/// signatures are accepted as moto does).
final class MotoSecretsManager: @unchecked Sendable {
    // Immutable after init apart from the Process, which is only touched in deinit.
    let endpoint: String
    private let process: Process

    init() throws {
        let port = try FreePort.find()
        endpoint = "http://127.0.0.1:\(port)"
        let moto = URL(fileURLWithPath: try PythonPeer.interpreter()).deletingLastPathComponent().appendingPathComponent("moto_server")
        process = Process()
        process.executableURL = moto
        process.arguments = ["-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try FreePort.waitUntilListening(port: port, timeout: 30)
    }

    /// Stores a secret through boto3 (the AWS SDK) and returns its ARN.
    func createSecret(name: String, value: String) throws -> String {
        let output = try PythonPeer.run("""
            import boto3, sys
            client = boto3.client("secretsmanager", endpoint_url=sys.argv[1], region_name="us-east-1",
                                  aws_access_key_id="testing", aws_secret_access_key="testing")
            print(client.create_secret(Name=sys.argv[2], SecretString=sys.argv[3])["ARN"])
            """, arguments: [endpoint, name, value])
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var environment: [String: String] {
        ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL_SECRETS_MANAGER": endpoint,
         "HOME": "/nonexistent"]
    }

    deinit {
        // SIGKILL: the Python server may inherit SIGTERM as ignored from the test runner.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite struct UDLCredentialTests {
    @Test func basicAuthVariableComesFirstAndIsSentVerbatim() async throws {
        let (credential, source) = try await UDLCredential.resolve(environment: ["BASICAUTH": "Basic dXNlcjpwYXNz",
                                                                                "SECRET_ARN_UDL": "arn:ignored"])
        #expect(credential.authorization == "Basic dXNlcjpwYXNz" && source == .basicAuthVariable)
        #expect(!"\(credential)".contains("dXNlcjpwYXNz"))
    }

    @Test func neitherVariableIsAConfigurationError() async {
        await #expect(throws: UDLCredentialError.missing) { try await UDLCredential.resolve(environment: [:]) }
    }

    @Test func secretsManagerSecretThroughMoto() async throws {
        let moto = try MotoSecretsManager()
        let arn = try moto.createSecret(name: "udl/reach", value: #"{"basicauth": "Basic c2VjcmV0OnZhbHVl"}"#)
        #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:"))
        var environment = moto.environment
        environment["SECRET_ARN_UDL"] = arn   // the region comes from the ARN
        let (credential, source) = try await UDLCredential.resolve(environment: environment)
        #expect(credential.authorization == "Basic c2VjcmV0OnZhbHVl" && source == .secretsManager)
    }

    @Test func aSecretWithoutTheKeyOrAMissingSecretIsAClearError() async throws {
        let moto = try MotoSecretsManager()
        let arn = try moto.createSecret(name: "udl/other", value: #"{"token": "Basic c2VjcmV0"}"#)
        var environment = moto.environment
        environment["SECRET_ARN_UDL"] = arn
        await #expect(throws: UDLCredentialError.self) { try await UDLCredential.resolve(environment: environment) }
        do {
            environment["SECRET_ARN_UDL"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:absent"
            _ = try await UDLCredential.resolve(environment: environment)
            Issue.record("a missing secret must be an error")
        } catch {
            #expect("\(error)".contains("ResourceNotFoundException"), "\(error)")
            #expect(!"\(error)".contains("testing"), "no AWS secret in the message")
        }
    }
}
