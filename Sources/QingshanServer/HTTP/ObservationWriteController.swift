import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// `POST /api/v1/sites/{code}/observations`: write values through the API.
///
/// The answer is 201 only after the batch is committed; a batch is taken whole or refused whole.
struct ObservationWriteController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let registry: RegistrySnapshot
    /// Periods starting later than this past the request's arrival are refused.
    var futureTime = FutureTimeLimit(seconds: 600)
    let catalogue: ParameterCatalogue
    /// Largest request body accepted (`api.max_body_bytes`).
    var maximumBodyBytes = RequestLimits().maximumBodyBytes
    static var maximumItems: Int { 50_000 }

    struct Body: Decodable {
        var parameter: String
        var interval: String?
        var items: [Item]

        struct Item: Decodable {
            var time: String
            var value: Double
            var flag: String?
        }
    }

    struct Outcome: ResponseEncodable {
        var site: String
        var parameter: String
        var inserted: Int
        var alreadyPresent: Int
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("sites/:code/observations", use: write)
    }

    @Sendable func write(_ request: Request, context: Context) async throws -> EditedResponse<Outcome> {
        try context.principal.requireWriter()
        let code = try context.parameters.require("code")
        try context.principal.requireWrite(try context.principal.requireRead(try await registry.site(code: code), code: code))
        let body = try await JSONBody.decode(
            Body.self, from: request,
            example: #"{"parameter": "a34004", "interval": "hour", "items": [{"time": "2024-01-01T00:00:00+08:00", "value": 12.0, "flag": "N"}]}"#,
            limit: maximumBodyBytes)
        guard let parameter = catalogue.parameter(for: body.parameter) else {
            throw ProblemDetails.badRequest(
                code: "unknown_parameter", "parameter '\(body.parameter)' is not in the catalogue; see /api/v1/parameters")
        }
        guard let interval = ObservationInterval(rawValue: body.interval ?? "hour") else {
            throw ProblemDetails.badRequest(code: "invalid_interval", "interval '\(body.interval ?? "")' must be rtd, minute, hour or day")
        }
        guard !body.items.isEmpty, body.items.count <= Self.maximumItems else {
            throw ProblemDetails.badRequest(code: "invalid_items", "send from 1 to \(Self.maximumItems) items")
        }
        var observations: [Observation] = []
        var problems: [String] = []
        var future: [String] = []
        let now = Timestamp.now
        for (index, item) in body.items.enumerated() {
            guard let time = try? RFC3339.parse(item.time) else {
                problems.append("items[\(index)].time '\(item.time)' is not RFC 3339")
                continue
            }
            if let refusal = futureTime.refusal(time, now: now) {
                future.append("items[\(index)].time \(refusal)")
                continue
            }
            guard parameter.accepts(item.value) else {
                problems.append("items[\(index)].value \(item.value) is outside the possible range of \(parameter.nameEn)")
                continue
            }
            let flag = item.flag ?? "N"
            guard (1...2).contains(flag.count), flag.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                problems.append("items[\(index)].flag '\(flag)' must be an HJ 212 data flag such as N, M, D")
                continue
            }
            observations.append(
                Observation(
                    siteCode: code, parameterCode: parameter.code, interval: interval,
                    periodStart: time, value: item.value, flag: flag, source: "api"))
        }
        guard future.isEmpty || !problems.isEmpty else {
            throw ProblemDetails.badRequest(code: "time_in_future", "nothing was stored: " + future.prefix(10).joined(separator: "; "))
        }
        problems += future
        guard problems.isEmpty else {
            throw ProblemDetails.badRequest(code: "invalid_items", "nothing was stored: " + problems.prefix(10).joined(separator: "; "))
        }
        let outcome = try await store.write(observations)
        let result = Outcome(site: code, parameter: parameter.code, inserted: outcome.inserted, alreadyPresent: outcome.alreadyPresent)
        // Data entered by hand are evidence: who entered which values, kept in the audit log (up to 100 of them).
        try await context.audit(
            Auditor(store: store), "data.enter", target: "site:\(code)",
            after: AuditedValues(
                parameter: parameter.code, interval: observations.first?.interval.rawValue ?? "", result: result,
                values: observations.prefix(100).map { [RFC3339.format($0.periodStart), JSONBytes.number($0.value), $0.flag] }))
        return EditedResponse(status: .created, response: result)
    }

    struct AuditedValues: Encodable, Sendable {
        var parameter: String
        var interval: String
        var result: Outcome
        /// time, value, flag
        var values: [[String]]
    }
}
