import Foundation
import Testing
@testable import AWS

@Suite struct SigV4SignerTests {
    /// AWS's documented S3 example: GET /test.txt with a Range header (Amazon S3 API reference,
    /// "Signature Calculations for the Authorization Header").
    @Test func matchesTheAWSDocumentedS3Example() {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                                              secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 region: "us-east-1", service: "s3")
        let request = SigV4Signer.Request(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                                          headers: [("Range", "bytes=0-9")], payloadHash: SigV4Signer.emptyPayloadHash)
        let headers = signer.signedHeaders(for: request, at: Date(timeIntervalSince1970: 1_369_353_600))
        let authorization = headers.first { $0.0 == "authorization" }?.1
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers.contains { $0 == ("x-amz-date", "20130524T000000Z") })
    }

    @Test func encodesLikeTheSpecification() {
        #expect(SigV4Signer.uriEncode("a b/c~d_e.f-g*h") == "a%20b%2Fc~d_e.f-g%2Ah")
        #expect(SigV4Signer.uriEncode("l1c/prelim/2025/é.cdf", encodeSlash: false) == "l1c/prelim/2025/%C3%A9.cdf")
        #expect(SigV4Signer.canonicalQuery([("uploadId", "a/b"), ("partNumber", "2"), ("uploads", "")])
                == "partNumber=2&uploadId=a%2Fb&uploads=")
    }

    @Test func sessionTokensAreSignedAndSecretsNeverDescribed() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET-VALUE", sessionToken: "TOKEN-VALUE")
        let headers = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "s3")
            .signedHeaders(for: .init(method: "PUT", host: "h", path: "/b/k", payloadHash: SigV4Signer.unsignedPayload))
        #expect(headers.contains { $0 == ("x-amz-security-token", "TOKEN-VALUE") })
        #expect(headers.first { $0.0 == "authorization" }!.1.contains("x-amz-security-token"))
        for text in ["\(credentials)", String(reflecting: credentials)] {
            #expect(!text.contains("SECRET-VALUE") && !text.contains("TOKEN-VALUE"))
        }
    }
}
