import Foundation
import FerryTestSupport
import Testing
import UDL

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
        try await MotoServer.withRunning { moto in
            let arn = try await moto.createSecret(name: "udl/reach", value: #"{"basicauth": "Basic c2VjcmV0OnZhbHVl"}"#)
            #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:"))
            var environment = moto.awsEnvironment
            environment["SECRET_ARN_UDL"] = arn   // the region comes from the ARN
            let (credential, source) = try await UDLCredential.resolve(environment: environment)
            #expect(credential.authorization == "Basic c2VjcmV0OnZhbHVl" && source == .secretsManager)
        }
    }

    @Test func aSecretWithoutTheKeyOrAMissingSecretIsAClearError() async throws {
        try await MotoServer.withRunning { moto in
            let arn = try await moto.createSecret(name: "udl/other", value: #"{"token": "Basic c2VjcmV0"}"#)
            var environment = moto.awsEnvironment
            environment["SECRET_ARN_UDL"] = arn
            await #expect(throws: UDLCredentialError.self) { try await UDLCredential.resolve(environment: environment) }
            do {
                environment["SECRET_ARN_UDL"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:absent"
                _ = try await UDLCredential.resolve(environment: environment)
                Issue.record("a missing secret must be an error")
            } catch {
                #expect("\(error)".contains("ResourceNotFoundException"), "\(error)")
                #expect(!"\(error)".contains(moto.secretKey), "no AWS secret in the message")
            }
        }
    }
}
