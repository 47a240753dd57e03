import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat

/// Reads a JSON request body with a size limit; a bad body is a 400 that shows the expected shape.
enum JSONBody {
    static let maximumBytes = 1 << 20

    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, example: String, limit: Int = maximumBytes, hint: String = ""
    ) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            var problem = ProblemDetails.bodyTooLarge(limit: limit)
            problem.detail += hint
            throw problem
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch {
            throw ProblemDetails.badRequest(code: "invalid_body", "the body must be JSON \(example): \(describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not valid JSON" }
        switch error {
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "not valid JSON" : "\(path) has the wrong type"
        @unknown default: return "not valid JSON"
        }
    }
}
