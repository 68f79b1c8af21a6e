import Hummingbird
import RClaudeCore
import RClaudeProviders

/// Turns every error a route throws into a JSON `{code, message}` response: core errors by
/// their code, Hummingbird's own errors (413, 404 for unknown routes…) by their status.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as CoreError {
            throw APIError(error)
        } catch let error as ProviderError {
            // A repository or workspace the request named cannot be used: the client's to fix.
            throw APIError(.unprocessableContent, code: "invalidInput", message: error.message)
        } catch let error as HTTPError {
            switch error.status {
            case .contentTooLarge:
                throw APIError(.contentTooLarge, code: "tooLarge", message: "the request body is larger than the server accepts")
            case .notFound, .methodNotAllowed:
                let allowed = routes.methods(for: request.uri.path)
                guard !allowed.isEmpty else {
                    throw APIError(.notFound, code: "notFound", message: "no route \(request.method) \(request.uri.path); see docs/openapi.yaml")
                }
                var error = APIError(
                    .methodNotAllowed, code: "methodNotAllowed",
                    message: "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)")
                error.allow = allowed.joined(separator: ", ")
                throw error
            default:
                throw APIError(error.status, code: "http\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
            }
        } catch {
            context.logger.error("unexpected error on \(request.method) \(request.uri.path): \(error)")
            throw APIError(.internalServerError, code: "internal", message: "the server failed: \(error)")
        }
    }
}
