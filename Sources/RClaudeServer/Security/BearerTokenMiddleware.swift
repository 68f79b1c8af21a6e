import Hummingbird

/// Requires `Authorization: Bearer <token>` on every route but `/healthz`, comparing the
/// token in constant time. A missing header is 401; a wrong token is 403.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let token: [UInt8]

    /// Paths that need no token.
    static let openPaths: Set<String> = ["/healthz"]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError(
                .unauthorized, code: "unauthorized",
                message: "this request needs 'Authorization: Bearer <token>'; the token is in the server's token file")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(
                .unauthorized, code: "unauthorized", message: "the Authorization header must be 'Bearer <token>'")
        }
        guard ConstantTime.equal(Array(parts[1].utf8), token) else {
            throw APIError(
                .forbidden, code: "forbidden",
                message: "the bearer token is wrong; use the token from the server's token file (printed when it was made)")
        }
        return try await next(request, context)
    }
}
