import Foundation
import Hummingbird
import HummingbirdTesting
import QingshanCore
import QingshanServer
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanTools

/// SensorThings 1.1 over real imported data (PRSA Dongsi 2016, the CNEMC release of 2017-01-01, the Bayannur
/// profile): the behaviours of the OGC test suite's core and filtering levels, and every query option.
@Suite(.serialized) struct SensorThingsAPITests {
    /// The default configuration with room for the time limit: these tests check answers, not speed, and run
    /// beside the whole suite on two cores (a 10 s limit was once hit under that load).
    static func config() -> AppConfig {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        config.limits.requestTimeLimitSeconds = 60
        return config
    }

    static func prepare(_ store: SQLStore) async throws {
        let importer = Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
        _ = try await importer.run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
        _ = try await importer.run(format: .cnemc, files: [Fixture.path("china_sites_20170101.csv")])
        // Rollups are not what these tests read; leave the app's worker nothing to recompute at shutdown.
        try await store.discardPendingRollupDays()
    }

    /// The path and query of an absolute link, for the test client.
    static func local(_ link: String) -> String {
        guard let range = link.range(of: "/sta/v1.1") else { return link }
        return String(link[range.lowerBound...])
    }

    /// GETs `uri`, percent-encoding it unless it came from the server (`encoded`).
    static func get(_ client: any TestClientProtocol, _ uri: String, encoded: Bool = false) async throws -> [String: Any] {
        let target =
            encoded ? uri : uri.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+"))) ?? uri
        return try await client.execute(uri: target, method: .get) { response in
            #expect(response.status == .ok, "\(uri): \(response.text)")
            return try response.json()
        }
    }

    static func items(_ object: [String: Any]) throws -> [[String: Any]] {
        try #require(object["value"] as? [[String: Any]])
    }

    @Test func coreLevel() async throws {
        try await withApp(config: Self.config(), prepare: Self.prepare) { client, store in
            let landing = try await Self.get(client, "/sta/v1.1")
            let sets = try Self.items(landing).compactMap { $0["name"] as? String }
            #expect(
                sets == [
                    "Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors", "ObservedProperties", "Observations",
                    "FeaturesOfInterest",
                ])
            let conformance = (landing["serverSettings"] as? [String: Any])?["conformance"] as? [String]
            #expect(conformance?.contains("http://www.opengis.net/spec/iot_sensing/1.1/req/request-data") == true)

            // Every Thing is a site; each self link and navigation link answers.
            let sites = try await store.sites(SiteFilter())
            let things = try await Self.get(client, "/sta/v1.1/Things?$count=true&$top=5")
            // Anonymous: the public sites (the profile's outlets are not public).
            #expect(things["@iot.count"] as? Int == sites.filter(\.isPublic).count)
            #expect(try Self.items(things).count == 5)
            let next = try #require(things["@iot.nextLink"] as? String)
            let second = try await Self.get(client, Self.local(next), encoded: true)
            #expect(try Self.items(second).first?["@iot.id"] as? String == sites.map(\.code).sorted()[5])
            let thing = try await Self.get(client, "/sta/v1.1/Things('2195A')")
            #expect(thing["name"] as? String == "附二中")
            for key in ["@iot.selfLink", "Locations@iot.navigationLink", "Datastreams@iot.navigationLink", "HistoricalLocations@iot.navigationLink"] {
                let link = try #require(thing[key] as? String, "\(key)")
                _ = try await Self.get(client, Self.local(link), encoded: true)
            }
            let location = try Self.items(try await Self.get(client, "/sta/v1.1/Things('2195A')/Locations")).first
            let geometry = location?["location"] as? [String: Any]
            #expect(geometry?["type"] as? String == "Point")
            #expect((geometry?["coordinates"] as? [Double]) == [107.4212, 40.761])

            // Datastreams: one per stored series; a datastream's Thing, Sensor and ObservedProperty.
            let series = try await store.series().filter { $0.siteCode == "prsa-dongsi" }
            let datastreams = try await Self.get(client, "/sta/v1.1/Things('prsa-dongsi')/Datastreams?$count=true&$top=100")
            #expect(datastreams["@iot.count"] as? Int == series.count)
            let pm25 = "prsa-dongsi:a34004:hour"
            #expect(try await Self.get(client, "/sta/v1.1/Datastreams('\(pm25)')/Thing")["@iot.id"] as? String == "prsa-dongsi")
            #expect(try await Self.get(client, "/sta/v1.1/Datastreams('\(pm25)')/ObservedProperty")["name"] as? String == "细颗粒物(PM2.5)")
            #expect(try await Self.get(client, "/sta/v1.1/Datastreams('\(pm25)')/Sensor")["@iot.id"] as? String == "prsa-dongsi")
            let unit = try await Self.get(client, "/sta/v1.1/Datastreams('\(pm25)')")["unitOfMeasurement"] as? [String: Any]
            #expect(unit?["symbol"] as? String == "µg/m³")

            // One observation by id, its property and raw value, its Datastream and feature; $ref lists links.
            let first = try Self.items(try await Self.get(client, "/sta/v1.1/Datastreams('\(pm25)')/Observations?$top=1")).first
            let id = try #require(first?["@iot.id"] as? String)
            let observation = try await Self.get(client, "/sta/v1.1/Observations('\(id)')")
            #expect(observation["result"] as? Double == first?["result"] as? Double)
            #expect(observation["phenomenonTime"] as? String == "2015-12-31T16:00:00Z/2015-12-31T17:00:00Z")
            #expect(try await Self.get(client, "/sta/v1.1/Observations('\(id)')/result")["result"] as? Double == first?["result"] as? Double)
            try await client.execute(uri: "/sta/v1.1/Things('2195A')/name/$value", method: .get) { response in
                #expect(response.text == "附二中")
            }
            #expect(try await Self.get(client, "/sta/v1.1/Observations('\(id)')/Datastream")["@iot.id"] as? String == pm25)
            #expect(try await Self.get(client, "/sta/v1.1/Datastreams('\(pm25)')/Observations('\(id)')")["@iot.id"] as? String == id)
            try await client.execute(uri: "/sta/v1.1/Datastreams('prsa-dongsi:a34002:hour')/Observations('\(id)')", method: .get) { response in
                #expect(response.status == .notFound)
            }
            let references = try Self.items(try await Self.get(client, "/sta/v1.1/Things/$ref?$top=2"))
            #expect(references.allSatisfy { $0.keys.sorted() == ["@iot.selfLink"] })
        }
    }

    /// Filters, ordering and paging on the PRSA series, checked against the store's own values.
    @Test(arguments: TestEngine.selected)
    func filteringAndPaging(engine: TestEngine) async throws {
        try await withApp(config: try await engine.config(), prepare: Self.prepare) { client, store in
            let march = (CivilDateTime(year: 2016, month: 3, day: 1).timestamp, CivilDateTime(year: 2016, month: 4, day: 1).timestamp)
            let stored = try await store.values(siteCode: "prsa-dongsi", parameterCode: "a34004", interval: .hour, from: march.0, to: march.1)
            let expected = stored.filter { $0.value > 100 }.map(\.value)
            #expect(!expected.isEmpty)
            var uri: String? =
                "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$top=50&$count=true&$filter=phenomenonTime ge 2016-03-01T00:00:00+08:00 and phenomenonTime lt 2016-04-01T00:00:00+08:00 and result gt 100"
            var seen: [Double] = []
            var pages = 0
            while let next = uri {
                let page = try await Self.get(client, next, encoded: pages > 0)
                #expect(page["@iot.count"] as? Int == expected.count)
                seen += try Self.items(page).compactMap { $0["result"] as? Double }
                uri = (page["@iot.nextLink"] as? String).map(Self.local)
                pages += 1
            }
            #expect(seen == expected)
            #expect(pages == (expected.count + 49) / 50)

            // Newest first, and by result.
            let newest = try Self.items(
                try await Self.get(client, "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$top=1&$orderby=phenomenonTime desc"))
            let all = try await store.values(
                siteCode: "prsa-dongsi", parameterCode: "a34004", interval: .hour, from: Timestamp(millisecondsSinceEpoch: 0),
                to: CivilDateTime(year: 2030, month: 1, day: 1).timestamp)
            #expect(newest.first?["result"] as? Double == all.last?.value)
            let largest = try Self.items(
                try await Self.get(
                    client, "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$top=3&$orderby=result desc,phenomenonTime&$select=result")
            )
            #expect(largest.compactMap { $0["result"] as? Double } == Array(all.map(\.value).sorted(by: >).prefix(3)))
            #expect(largest.allSatisfy { $0.keys.sorted() == ["result"] })

            // Functions on time and arithmetic on results.
            let midnight = try await Self.get(
                client,
                "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$count=true&$top=1&$filter=hour(phenomenonTime) eq 16 and month(phenomenonTime) eq 1 and result mul 2 gt 300"
            )
            let january = all.filter { point in
                let civil = CivilDateTime(point.periodStart, offsetMinutes: 0)
                return civil.hour == 16 && civil.month == 1 && point.value * 2 > 300
            }
            #expect(midnight["@iot.count"] as? Int == january.count)

            // dataArray: one entry for the Datastream, components as asked.
            let array = try Self.items(
                try await Self.get(
                    client, "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$top=24&$resultFormat=dataArray&$select=id,result"))
            #expect(array.count == 1)
            #expect(array.first?["components"] as? [String] == ["id", "result"])
            #expect((array.first?["dataArray"] as? [[Any]])?.count == 24)

            // CNEMC: station 1001A's hourly PM2.5 of the day equals the stored values.
            let cnemc = try Self.items(try await Self.get(client, "/sta/v1.1/Datastreams('1001A:a34004:hour')/Observations?$top=100"))
            let cnemcStored = try await store.values(
                siteCode: "1001A", parameterCode: "a34004", interval: .hour, from: Timestamp(millisecondsSinceEpoch: 0),
                to: CivilDateTime(year: 2030, month: 1, day: 1).timestamp)
            #expect(cnemc.compactMap { $0["result"] as? Double } == cnemcStored.map(\.value))
        }
    }

    /// $select, nested $expand with its own options, filters on Things and Locations (text and geometry).
    @Test func selectExpandAndSpatialFilters() async throws {
        try await withApp(config: Self.config(), prepare: Self.prepare) { client, store in
            let thing = try await Self.get(
                client,
                "/sta/v1.1/Things('prsa-dongsi')?$select=id,name&$expand=Datastreams($filter=properties/parameter eq 'a34004';$select=name;$expand=Observations($top=2;$orderby=phenomenonTime desc;$select=result))"
            )
            #expect(thing.keys.sorted() == ["@iot.id", "Datastreams", "name"])
            let datastreams = try #require(thing["Datastreams"] as? [[String: Any]])
            #expect(datastreams.count == 1)
            #expect((datastreams.first?["Observations"] as? [[String: Any]])?.count == 2)

            let linhe = "POLYGON((107.2 40.6, 107.6 40.6, 107.6 40.9, 107.2 40.9, 107.2 40.6))"
            let inside = try Self.items(try await Self.get(client, "/sta/v1.1/Locations?$filter=st_within(location, geography'\(linhe)')&$select=id"))
            // The polygon is a rectangle: the sites inside it are found from the registry without any geometry code.
            let expectedInside = try await store.sites(SiteFilter()).filter { site in
                guard let point = site.location else { return false }
                return (107.2...107.6).contains(point.longitude) && (40.6...40.9).contains(point.latitude)
            }.map(\.code)
            #expect(expectedInside.contains("2195A") && expectedInside.contains("2196A"))
            #expect(Set(inside.compactMap { $0["@iot.id"] as? String }) == Set(expectedInside))
            let near = try Self.items(
                try await Self.get(client, "/sta/v1.1/Locations?$filter=geo.distance(location, geography'POINT(107.4212 40.761)') lt 0.0001"))
            #expect(near.compactMap { $0["@iot.id"] as? String } == ["2195A"])
            let named = try Self.items(
                try await Self.get(client, "/sta/v1.1/Things?$filter=startswith(name, '乌梁素海') or properties/kind eq 'noise'&$orderby=name"))
            #expect(named.compactMap { $0["@iot.id"] as? String } == ["WLSH-HX"])
            let airThings = try await Self.get(
                client, "/sta/v1.1/Things?$filter=properties/kind eq 'air' and properties/region eq '150802'&$count=true")
            #expect(airThings["@iot.count"] as? Int == 2)
            let properties = try await Self.get(
                client, "/sta/v1.1/ObservedProperties?$filter=properties/unit eq 'µg/m³' and length(name) gt 2&$count=true&$top=1")
            let expectedCount = ParameterCatalogue.standard.parameters.filter { $0.unit == "µg/m³" && $0.nameZh.count > 2 }.count
            #expect(expectedCount > 1)
            #expect(properties["@iot.count"] as? Int == expectedCount)
        }
    }

    /// `$filter` and `$orderby` through to-one navigation properties: Observations by their Datastream's id and
    /// Thing, Datastreams by their Thing's properties and ObservedProperty; to-many paths are refused.
    @Test func filtersFollowNavigation() async throws {
        try await withApp(config: Self.config(), prepare: Self.prepare) { client, store in
            let year = (CivilDateTime(year: 2016, month: 1, day: 1).timestamp, CivilDateTime(year: 2017, month: 1, day: 1).timestamp)
            let stored = try await store.values(siteCode: "prsa-dongsi", parameterCode: "a34004", interval: .hour, from: year.0, to: year.1)
            let over = stored.filter { $0.value > 300 }
            #expect(!over.isEmpty)
            let observations = try await Self.get(
                client,
                "/sta/v1.1/Observations?$filter=Datastream/id eq 'prsa-dongsi:a34004:hour' and result gt 300&$count=true&$top=1000&$select=result")
            #expect(observations["@iot.count"] as? Int == over.count)
            #expect(try Self.items(observations).compactMap { $0["result"] as? Double } == over.map(\.value))
            let throughThing = try await Self.get(
                client,
                "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$filter=Datastream/Thing/id eq 'prsa-dongsi' and result gt 300&$count=true&$top=1"
            )
            #expect(throughThing["@iot.count"] as? Int == over.count)
            // A Bayannur station has a location, so its Observations have a FeatureOfInterest to filter on.
            let day = (CivilDateTime(year: 2016, month: 12, day: 31).timestamp, CivilDateTime(year: 2017, month: 1, day: 2).timestamp)
            let station = try await store.values(siteCode: "2195A", parameterCode: "a34004", interval: .hour, from: day.0, to: day.1)
            #expect(!station.isEmpty)
            let featured = try await Self.get(
                client,
                "/sta/v1.1/Observations?$filter=FeatureOfInterest/id eq '2195A' and Datastream/ObservedProperty/id eq 'a34004' and Datastream/properties/interval eq 'hour'&$count=true&$top=1"
            )
            #expect(featured["@iot.count"] as? Int == station.count)
            let elsewhere = try await Self.get(
                client, "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$filter=Datastream/Thing/id eq '2195A'&$count=true&$top=1")
            #expect(elsewhere["@iot.count"] as? Int == 0)

            // Every PM2.5 hourly Datastream of Linhe's air stations, by the Thing's properties.
            let sites = try await store.sites(SiteFilter(kind: .air, regionCode: "150802")).map(\.code)
            let series = try await store.series().filter { sites.contains($0.siteCode) && $0.parameterCode == "a34004" && $0.interval == .hour }
            #expect(!series.isEmpty)
            let datastreams = try await Self.get(
                client,
                "/sta/v1.1/Datastreams?$filter=Thing/properties/region eq '150802' and Thing/properties/kind eq 'air' and ObservedProperty/id eq 'a34004' and properties/interval eq 'hour'&$orderby=Thing/name desc&$count=true"
            )
            #expect(datastreams["@iot.count"] as? Int == series.count)
            let names = try Self.items(datastreams).compactMap {
                ($0["@iot.id"] as? String).flatMap { id in id.split(separator: ":").first.map(String.init) }
            }
            #expect(Set(names) == Set(series.map(\.siteCode)))

            try await client.execute(uri: "/sta/v1.1/Things?$filter=Datastreams/name%20eq%20'x'", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("many members"))
            }
        }
    }

    /// An expanded collection's next link keeps the expansion's own options: following it pages through exactly
    /// what the expansion selected.
    @Test func expandedNextLinksKeepTheirOptions() async throws {
        try await withApp(config: Self.config(), prepare: Self.prepare) { client, store in
            let hourly = try await store.series().filter { $0.siteCode == "prsa-dongsi" && $0.interval == .hour }.map {
                "\($0.siteCode):\($0.parameterCode):hour"
            }
            #expect(hourly.count > 2)
            let thing = try await Self.get(
                client, "/sta/v1.1/Things('prsa-dongsi')?$expand=Datastreams($filter=properties/interval eq 'hour';$select=id;$top=2;$orderby=id)")
            var seen = try #require(thing["Datastreams"] as? [[String: Any]]).compactMap { $0["@iot.id"] as? String }
            var next = (thing["Datastreams@iot.nextLink"] as? String).map(Self.local)
            while let uri = next {
                let page = try await Self.get(client, uri, encoded: true)
                let items = try Self.items(page)
                #expect(items.allSatisfy { $0.keys.sorted() == ["@iot.id"] }, "\(uri) lost $select")
                seen += items.compactMap { $0["@iot.id"] as? String }
                next = (page["@iot.nextLink"] as? String).map(Self.local)
            }
            #expect(seen == hourly.sorted())
        }
    }

    /// A page read in the store's order is written from the rows straight into bytes; a page sorted here goes
    /// through the entities and `render`. Sorted the same way (by id, then by result, which the id already
    /// orders), the two must give the same bytes for every `$select`, for periods and for real-time instants, over
    /// one series and several, and for text that needs escaping.
    @Test func rowsWrittenDirectlyMatchRenderedEntities() async throws {
        try await withApp(config: Self.config(), prepare: Self.prepare) { client, store in
            let start = try RFC3339.parse("2025-06-01T08:00:00+08:00")
            _ = try await store.write(
                (0..<5).map {
                    Observation(
                        siteCode: "2195A", parameterCode: "a34004", interval: .rtd, periodStart: start.adding(milliseconds: Int64($0) * 30_123),
                        value: 12.25 + Double($0) / 3, flag: $0 == 2 ? "M" : "N", source: #"test "quoted"\path"#)
                })
            let pages = [
                "/sta/v1.1/Datastreams('2195A:a34004:rtd')/Observations?$top=4",
                "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$filter=phenomenonTime ge 2016-03-01T00:00:00+08:00&$top=30",
                "/sta/v1.1/Observations?$filter=phenomenonTime ge 2017-01-01T20:00:00+08:00&$top=25&$count=true",
            ]
            let selects = [
                "", "&$select=id,result", "&$select=@iot.selfLink,Datastream,parameters",
                "&$select=phenomenonTime,resultTime,resultQuality,FeatureOfInterest",
            ]
            func value(_ uri: String) async throws -> String {
                let target = uri.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+"))) ?? uri
                return try await client.execute(uri: target, method: .get) { response in
                    #expect(response.status == .ok, "\(uri): \(response.text)")
                    let text = response.text
                    let from = try #require(text.range(of: #""value":["#)).lowerBound
                    let to = text.range(of: #","@iot.nextLink""#)?.lowerBound ?? text.index(before: text.endIndex)
                    return String(text[from..<to])
                }
            }
            for page in pages {
                for select in selects {
                    let direct = try await value(page + select)
                    let rendered = try await value(page + select + "&$orderby=id asc,result asc")
                    #expect(direct.count > 200)
                    #expect(direct == rendered, "\(page)\(select)")
                }
            }
            let instants = try await value("/sta/v1.1/Datastreams('2195A:a34004:rtd')/Observations?$top=2&$select=id,phenomenonTime,parameters")
            #expect(instants.contains(#""phenomenonTime":"2025-06-01T00:00:30.123Z""#), "\(instants)")
            #expect(instants.contains(#""source":"test \"quoted\"\\path""#), "\(instants)")
        }
    }

    /// Bad requests are 400 or 404 problem documents, never a server error.
    @Test(arguments: [
        ("/sta/v1.1/Things?$filter=name eq", 400), ("/sta/v1.1/Things?$filter=colour eq 'red'", 400), ("/sta/v1.1/Things?$top=100000", 400),
        ("/sta/v1.1/Things?$orderby=nothing", 400), ("/sta/v1.1/Things?$select=nothing", 400), ("/sta/v1.1/Things?$expand=Nothing", 400),
        ("/sta/v1.1/Things?$skip=-1", 400), ("/sta/v1.1/Things?$bogus=1", 400), ("/sta/v1.1/Things(abc)", 400),
        ("/sta/v1.1/Things('nowhere')", 404), ("/sta/v1.1/Thingies", 404), ("/sta/v1.1/Things('2195A')/Observations", 400),
        ("/sta/v1.1/Datastreams('x:y')", 404), ("/sta/v1.1/Observations('2195A:a34004:hour:1')", 404),
        ("/sta/v1.1/Things?$filter=name gt 1", 400), ("/sta/v1.1/Things('2195A')/colour", 400), ("/sta/v1.1/Things?$filter=year(name) eq 1", 400),
        ("/sta/v1.1/Observations?$filter=st_within(location, geography'POINT(1 2)')", 400), ("/sta/v1.1/Things?$count=maybe", 400),
    ])
    func badRequests(uri: String, status: Int) async throws {
        try await withApp { client, _ in
            let encoded = uri.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? uri
            try await client.execute(uri: encoded, method: .get) { response in
                #expect(Int(response.status.code) == status, "\(uri): \(response.text)")
                let problem = try response.json()
                #expect(problem["status"] as? Int == status)
                #expect((problem["detail"] as? String)?.isEmpty == false)
            }
        }
    }
}
