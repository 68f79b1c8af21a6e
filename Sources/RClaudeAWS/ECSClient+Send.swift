// One ECS call: encode, sign, send, and on throttling, HTTP 429, 5xx or a transport failure
// wait with exponential backoff and jitter and try again, a bounded number of times. Other
// errors are mapped at once into `CoreError`s that say how to fix them; no message carries a
// secret.

import Foundation
import RClaudeCore
import RClaudeHTTP

extension ECSClient {
    /// Calls ECS operation `operation` with JSON `body` and decodes the answer.
    ///
    /// A generic entry point for operations without a typed method (CreateCluster in tests,
    /// ListTasks).
    ///
    /// - Parameters:
    ///   - operation: the operation name (`DescribeTasks`).
    ///   - body: the request body.
    ///   - type: the response type.
    ///   - cluster: the cluster the call concerns, named in errors.
    /// - Returns: the decoded response.
    /// - Throws: `CoreError`: `.unauthorized` (signature, unknown or expired key), `.forbidden`
    ///   (IAM), `.notFound` (cluster), `.invalidInput` (parameters), `.unavailable` (network,
    ///   throttling or server errors after retries, unreadable answers).
    public func call<Body: Encodable, Response: Decodable>(
        _ operation: String, _ body: Body, as type: Response.Type, cluster: String? = nil
    ) async throws -> Response {
        let context = AWSCallContext(
            service: "ECS", operation: operation, region: region, endpoint: endpoint,
            accessKeyID: credentials.accessKeyID,
            credentialSource: credentials.source, temporaryCredentials: credentials.isTemporary, cluster: cluster)
        let payload: [UInt8]
        do {
            payload = Array(try Self.encoder.encode(body))
        } catch {
            throw CoreError(code: .invalidInput, message: "cannot encode the \(operation) request: \(error)")
        }
        let response = try await sendWithRetry(operation, payload: payload, context: context)
        do {
            return try Self.decoder.decode(Response.self, from: Data(response.body))
        } catch {
            throw AWSErrors.redacting(
                AWSErrors.unreadable(
                    context, status: response.status, snippet: AWSErrors.snippet(response.body),
                    detail: Self.describe(error)),
                credentials)
        }
    }

    /// Sends until a 2xx answer, a non-retryable error, or the retry policy's last attempt.
    func sendWithRetry(_ operation: String, payload: [UInt8], context: AWSCallContext) async throws -> HTTPResponseData
    {
        let signer = AWSSigV4Signer(credentials: credentials, region: region, service: "ecs")
        let request = HTTPRequestSpec(
            method: "POST", url: endpoint + "/",
            headers: [
                (name: "Content-Type", value: Self.contentType),
                (name: "X-Amz-Target", value: "\(Self.targetPrefix).\(operation)"),
                (name: "Accept", value: "application/json"),
            ],
            body: payload, timeout: requestTimeout)
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let signed = signer.sign(request, at: clock.now())
            let response: HTTPResponseData
            do {
                response = try await transport.send(signed)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if attempt < retryPolicy.maxAttempts {
                    try await clock.sleep(for: retryPolicy.delay(beforeRetry: attempt))
                    continue
                }
                let detail = (error as? CoreError)?.message ?? "\(error)"
                throw AWSErrors.redacting(
                    AWSErrors.unreachable(context, detail: detail, attempts: attempt), credentials)
            }
            if (200..<300).contains(response.status) { return response }
            let body = AWSErrorBody(response)
            if AWSErrorBody.isRetryable(status: response.status, code: body.code), attempt < retryPolicy.maxAttempts {
                try await clock.sleep(for: retryPolicy.delay(beforeRetry: attempt))
                continue
            }
            let error = AWSErrors.service(
                status: response.status, body: body, snippet: AWSErrors.snippet(response.body), context: context,
                attempts: attempt)
            throw AWSErrors.redacting(error, credentials)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    /// A decoding error in a few words (`missing key 'taskArn'`, `truncated or invalid JSON`).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return keys.isEmpty ? "the top level" : keys
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "truncated or invalid JSON" : "invalid value at \(path(context))"
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
