import Crypto
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>`. The comparison takes the same
/// time wherever the tokens differ (both are hashed first, so their lengths do not show either).
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    private let expected: [UInt8]

    init(token: String) {
        expected = Array(SHA256.hash(data: Array(token.utf8)))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        // The scheme's name is case-insensitive (RFC 9110 §11.1); the token is not.
        let presented = header.prefix(7).lowercased() == "bearer " ? String(header.dropFirst(7)) : ""
        guard Self.constantTimeEqual(Array(SHA256.hash(data: Array(presented.utf8))), expected) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"ferry\"", .contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "a bearer token is required\n")))
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
