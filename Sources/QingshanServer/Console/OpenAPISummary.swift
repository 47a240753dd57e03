import Foundation

/// The API document's operations as the 开放数据 page lists them: method, path, summary, and whether an
/// anonymous visitor may call it (operations that declare no security), read once from `openapi.json`.
struct OpenAPISummary: Sendable {
    struct Operation: Sendable {
        var method: String
        var path: String
        var summary: String
        var open: Bool
    }

    let operations: [Operation]

    static func load() -> OpenAPISummary {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url),
            let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let paths = document["paths"] as? [String: Any]
        else { return OpenAPISummary(operations: []) }
        var operations: [Operation] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard let item = item as? [String: Any] else { continue }
            for method in ["get", "post", "put", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let security = operation["security"] as? [[String: Any]]
                operations.append(
                    Operation(
                        method: method.uppercased(), path: path, summary: operation["summary"] as? String ?? "",
                        open: security == nil || security!.contains { $0.isEmpty }))
            }
        }
        return OpenAPISummary(operations: operations)
    }
}
