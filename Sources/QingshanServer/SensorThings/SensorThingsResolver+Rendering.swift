import Foundation
import QingshanCore
import QingshanStore
import SensorThings
import Synchronization

/// Entities as JSON: one entity written straight into bytes, and the `dataArray` result format.
extension SensorThingsResolver {

    /// One entity as JSON, written straight into bytes (a page of Observations is most of a request's work).
    func render(_ entity: STAEntity, options: QueryOptions, base: String, _ registry: Registry) async throws -> JSONValue {
        let navigation = entity.set.navigation
        try entity.set.checkSelect(options.select)
        func wanted(_ name: String) -> Bool { options.select?.contains(name) ?? true }
        let path = entity.path
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(640)
        var empty = true
        func key(_ name: String) {
            if !empty { out.append(UInt8(ascii: ",")) }
            empty = false
            JSONBytes.quote(name, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        // The entity's own URL starts its self link and every navigation link: escaped once.
        var prefix: [UInt8] = []
        JSONBytes.escape(base, into: &prefix)
        prefix.append(UInt8(ascii: "/"))
        JSONBytes.escape(path, into: &prefix)
        func link(_ suffix: String) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: prefix)
            JSONBytes.escape(suffix, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        if wanted("id") || options.select?.contains("@iot.id") == true {
            key("@iot.id")
            JSONBytes.quote(entity.id, into: &out)
        }
        if options.select == nil || options.select?.contains("@iot.selfLink") == true {
            key("@iot.selfLink")
            link("")
        }
        for field in entity.fields where wanted(field.name) {
            key(field.name)
            field.json.write(to: &out)
        }
        for name in entity.set.navigationNames where options.select == nil || options.select?.contains(name) == true {
            key(name + "@iot.navigationLink")
            link("/" + name)
        }
        for expansion in options.expand {
            let name = expansion.path[0]
            guard let (set, toMany) = navigation[name] else {
                throw QueryError(
                    "$expand: \(entity.set.rawValue) has no navigation property '\(name)'; it has \(entity.set.navigationNames.joined(separator: ", "))"
                )
            }
            var nested = expansion.options
            if expansion.path.count > 1 {
                nested = QueryOptions()
                nested.expand = [QueryOptions.Expansion(path: Array(expansion.path.dropFirst()), options: expansion.options)]
            }
            if toMany {
                let page = try await self.page(set, .related(entity, name), options: nested, registry)
                try budget.charge(page.entities.count)
                if let count = page.count {
                    key(name + "@iot.count")
                    JSONBytes.number(Double(count), into: &out)
                }
                key(name)
                out.append(UInt8(ascii: "["))
                for (index, member) in page.entities.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    try await render(member, options: nested, base: base, registry).write(to: &out)
                }
                out.append(UInt8(ascii: "]"))
                let top = nested.top ?? Self.defaultTop
                if page.hasMore, top > 0 {
                    key(name + "@iot.nextLink")
                    link("/\(name)?" + Self.expansionQuery(expansion, top: top, skip: nested.skip + top))
                }
            } else {
                key(name)
                if let related = try await related(entity, name, registry) {
                    try await render(related, options: nested, base: base, registry).write(to: &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
        }
        out.append(UInt8(ascii: "}"))
        return .bytes(out)
    }

    /// `$resultFormat=dataArray`: one entry per Datastream with the selected components as rows.
    func dataArray(_ observations: [STAEntity], options: QueryOptions, base: String) -> JSONValue {
        let components = options.select ?? ["id", "phenomenonTime", "resultTime", "result"]
        var groups: [(String, [JSONValue])] = []
        for observation in observations {
            guard let (key, _) = SensorThingsModel.observationKey(observation.id) else { continue }
            let datastream = SensorThingsModel.datastreamID(key)
            let row = JSONValue.array(
                components.map { name in
                    name == "id" || name == "@iot.id" ? .string(observation.id) : observation.fields.first { $0.name == name }?.json ?? .null
                })
            if let index = groups.firstIndex(where: { $0.0 == datastream }) {
                groups[index].1.append(row)
            } else {
                groups.append((datastream, [row]))
            }
        }
        return .array(
            groups.map { datastream, rows in
                .object([
                    ("Datastream@iot.navigationLink", .string("\(base)/Datastreams('\(datastream)')")),
                    ("components", .array(components.map(JSONValue.string))),
                    ("dataArray@iot.count", .number(Double(rows.count))),
                    ("dataArray", .array(rows)),
                ])
            })
    }
}
