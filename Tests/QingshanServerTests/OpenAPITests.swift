import Foundation
import Hummingbird
import HummingbirdTesting
import QingshanServer
import QingshanStore
import Testing

/// The OpenAPI document at /api/v1/openapi.json agrees with the code: the same operations, and answers that
/// carry what the document says they carry.
@Suite struct OpenAPITests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
            #expect(response.status == .ok)
            return try response.json()
        }
    }

    /// "GET /api/v1/sites/{code}" for every operation the document lists.
    static func operations(_ document: [String: Any]) throws -> Set<String> {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
    }

    /// The same, read from the route registrations in the sources (`group.get("sites/:code")` under /api/v1).
    static func registeredOperations() throws -> Set<String> {
        let folder = repositoryRoot.appendingPathComponent("Sources/QingshanServer")
        var found: Set<String> = []
        let pattern = try NSRegularExpression(pattern: #"(group|router)\.(get|post|put|delete|patch)\("([^"]*)""#)
        for case let file as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let owner = String(text[Range(match.range(at: 1), in: text)!])
                let method = String(text[Range(match.range(at: 2), in: text)!]).uppercased()
                var path = String(text[Range(match.range(at: 3), in: text)!])
                if path.hasPrefix("sta/") { continue }  // SensorThings has its own landing page and conformance.
                path = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                found.insert("\(method) /\(owner == "group" ? "api/v1/" : "")\(path)")
            }
        }
        return found
    }

    @Test func documentListsExactlyTheRoutes() async throws {
        try await withApp { client, _ in
            let document = try await Self.document(client)
            #expect(document["openapi"] as? String == "3.1.0")
            let documented = try Self.operations(document)
            let registered = try Self.registeredOperations()
            #expect(registered.count > 15)
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
            #expect(registered.subtracting(documented).isEmpty, "served but not documented: \(registered.subtracting(documented).sorted())")
        }
    }

    /// Every GET, called with sample values on imported data, answers a documented status; JSON answers hold the
    /// properties the schema requires; errors are problem documents.
    @Test func answersMatchTheDocument() async throws {
        try await withApp(prepare: { store in
            _ = try await Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
                .run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
            _ = store.takeTouchedDays()
        }) { client, _ in
            let document = try await Self.document(client)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            let samples: [String: String] = [
                "code": "prsa-dongsi", "mn": "NOSUCHDEVICE", "parameter": "pm25", "from": "2016-03-01", "to": "2016-03-31", "site": "prsa-dongsi",
            ]
            var checked = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                guard let operation = methods["get"] as? [String: Any] else { continue }
                var uri = path
                for (name, value) in samples { uri = uri.replacingOccurrences(of: "{\(name)}", with: value) }
                let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                let required = parameters.filter { $0["in"] as? String == "query" && $0["required"] as? Bool == true }.compactMap { $0["name"] as? String }
                var query = required.map { "\($0)=\(samples[$0] ?? "x")" }
                if path.hasSuffix("/evaluation/air") { query.append("site=prsa-dongsi") }
                if path.hasSuffix("/observations") || path.hasSuffix("/rollups") || path.hasSuffix("/aqi") {
                    query.removeAll { $0.hasPrefix("from=") || $0.hasPrefix("to=") }
                }
                if !query.isEmpty { uri += "?" + query.joined(separator: "&") }
                let responses = try #require(operation["responses"] as? [String: Any])
                try await client.execute(uri: uri, method: .get) { response in
                    let status = String(response.status.code)
                    #expect(responses[status] != nil, "\(uri) answered \(status), not in the document: \(response.text.prefix(200))")
                    guard response.headers[.contentType]?.contains("json") == true else { return }
                    let body = try response.json()
                    // The schema of the media type answered (application/json, or problem+json for errors).
                    let content = (responses[status] as? [String: Any])?["content"] as? [String: [String: Any]]
                    let mediaType = response.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
                    var schema = (content?[mediaType] ?? content?["application/json"])?["schema"] as? [String: Any]
                    if let reference = schema?["$ref"] as? String { schema = schemas[String(reference.split(separator: "/").last!)] }
                    for property in (schema?["required"] as? [String]) ?? [] {
                        #expect(body[property] != nil, "\(uri): '\(property)' missing from the answer")
                    }
                }
                checked += 1
            }
            #expect(checked >= 15)
        }
    }

    @Test func sitesAsGeoJSON() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/api/v1/sites?kind=air&format=geojson", method: .get) { response in
                #expect(response.headers[.contentType] == "application/geo+json")
                let collection = try response.json()
                #expect(collection["type"] as? String == "FeatureCollection")
                let features = try #require(collection["features"] as? [[String: Any]])
                let codes = features.compactMap { ($0["properties"] as? [String: Any])?["code"] as? String }
                #expect(codes.contains("2195A"))
                let geometry = features.first { ($0["properties"] as? [String: Any])?["code"] as? String == "2195A" }?["geometry"] as? [String: Any]
                #expect(geometry?["coordinates"] as? [Double] == [107.4212, 40.761])
            }
            try await client.execute(uri: "/api/v1/sites?format=kml", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
