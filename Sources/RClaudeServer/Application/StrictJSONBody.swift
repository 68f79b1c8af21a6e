import Foundation
import Hummingbird
import NIOCore
import RClaudeCore
import RClaudeRemote

/// Reads a JSON request body strictly: a size limit, an object at the top, no unknown fields,
/// and the right types, each failure a 400/413 that names the field.
enum StrictJSONBody {
    static func decode<T: Decodable>(
        _ type: T.Type, allowedFields: Set<String>, from request: Request, limit: Int
    ) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, code: "tooLarge", message: "the request body is over \(limit) bytes")
        }
        let data = Data(buffer.readableBytesView)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw APIError(.badRequest, code: "invalidInput", message: "the request body is not valid JSON; send a JSON object")
        }
        guard let fields = object as? [String: Any] else {
            throw APIError(.badRequest, code: "invalidInput", message: "the request body must be a JSON object")
        }
        if let unknown = fields.keys.sorted().first(where: { !allowedFields.contains($0) }) {
            throw APIError(
                .badRequest, code: "invalidInput",
                message: "unknown field \"\(unknown)\"; allowed fields: \(allowedFields.sorted().joined(separator: ", "))")
        }
        if let null = fields.keys.sorted().first(where: { fields[$0] is NSNull }) {
            throw APIError(.badRequest, code: "invalidInput", message: "field \"\(null)\" is null; leave it out instead")
        }
        do {
            return try WireCoding.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError(.badRequest, code: "invalidInput", message: describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return "missing field \"\(field)\""
        case .typeMismatch(let type, let context):
            return "field \"\(path(context.codingPath))\" must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "field \"\(path(context.codingPath))\" must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            return "field \"\(path(context.codingPath))\" is invalid: \(context.debugDescription)"
        @unknown default:
            return "the request body does not match the expected shape"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int32.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        case is [String: String].Type: "an object of strings"
        default: "a \(type)"
        }
    }
}
