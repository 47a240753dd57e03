import QingshanCore
import QingshanStore
import SensorThings

/// Observations written from the store's rows straight into JSON bytes, the same bytes `render` gives for the
/// entity `SensorThingsModel.observation` builds (a test holds the two together). A page of 100 Observations
/// is most of a SensorThings request's work; this skips the entity, its field list and its filter values.
struct ObservationJSONWriter {
    /// A member of the page: the series and one of its rows.
    struct Row {
        var key: SeriesKey
        var observation: Observation
    }

    private let wantsID: Bool
    private let wantsSelfLink: Bool
    private let wantsPhenomenonTime: Bool
    private let wantsResultTime: Bool
    private let wantsResult: Bool
    private let wantsResultQuality: Bool
    private let wantsParameters: Bool
    private let wantsDatastream: Bool
    private let wantsFeature: Bool
    /// `"http://…/sta/v1.1/Observations('`, escaped once.
    private let linkStart: [UInt8]
    /// The last series written and its datastream id escaped for `@iot.id` and, with quotes doubled, for links
    /// (rows of one series come together).
    private var series: (key: SeriesKey, id: [UInt8], pathID: [UInt8])?
    /// The last flag and source written, and their JSON literals.
    private var flag: (text: String, quoted: [UInt8])?
    private var source: (text: String, quoted: [UInt8])?

    /// Throws for a `$select` naming what Observations do not have, as `render` does.
    init(base: String, select: [String]?) throws(QueryError) {
        try EntitySet.observations.checkSelect(select)
        func wanted(_ name: String) -> Bool { select?.contains(name) ?? true }
        wantsID = wanted("id") || select?.contains("@iot.id") == true
        wantsSelfLink = wanted("@iot.selfLink")
        wantsPhenomenonTime = wanted("phenomenonTime")
        wantsResultTime = wanted("resultTime")
        wantsResult = wanted("result")
        wantsResultQuality = wanted("resultQuality")
        wantsParameters = wanted("parameters")
        wantsDatastream = wanted("Datastream")
        wantsFeature = wanted("FeatureOfInterest")
        var start: [UInt8] = []
        JSONBytes.escape(base, into: &start)
        start.append(contentsOf: "/Observations('".utf8)
        linkStart = start
    }

    /// Appends the rows as a JSON array.
    mutating func writeArray(_ rows: [Row], into out: inout [UInt8]) {
        out.reserveCapacity(out.count + rows.count * 640)
        out.append(UInt8(ascii: "["))
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(row, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func write(_ row: Row, into out: inout [UInt8]) {
        let key = row.key
        if series?.key != key {
            let datastream = SensorThingsModel.datastreamID(key)
            var id: [UInt8] = []
            JSONBytes.escape(datastream, into: &id)
            // A path doubles a quote inside the id (`Observations('a''b:…')`).
            var pathID: [UInt8] = []
            JSONBytes.escape(datastream.replacing("'", with: "''"), into: &pathID)
            series = (key, id, pathID)
        }
        let observation = row.observation
        // A page's rows mostly share their flag and source: each escaped once.
        if flag?.text != observation.flag { flag = (observation.flag, Self.quoted(observation.flag)) }
        if source?.text != observation.source { source = (observation.source, Self.quoted(observation.source)) }
        let (_, escapedID, escapedPathID) = series!
        let start = observation.periodStart
        let end = key.interval.periodMilliseconds.map { start.adding(milliseconds: $0) }
        var empty = true
        func name(_ quotedWithColon: StaticString) {
            if !empty { out.append(UInt8(ascii: ",")) }
            empty = false
            Self.raw(quotedWithColon, &out)
        }
        func id(_ escaped: [UInt8]) {
            out.append(contentsOf: escaped)
            out.append(UInt8(ascii: ":"))
            JSONBytes.integer(start.millisecondsSinceEpoch, into: &out)
        }
        func link(_ suffix: StaticString) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: linkStart)
            id(escapedPathID)
            Self.raw(suffix, &out)
        }
        out.append(UInt8(ascii: "{"))
        if wantsID {
            name(#""@iot.id":""#)
            id(escapedID)
            out.append(UInt8(ascii: "\""))
        }
        if wantsSelfLink {
            name(#""@iot.selfLink":"#)
            link(#"')""#)
        }
        if wantsPhenomenonTime {
            name(#""phenomenonTime":""#)
            RFC3339.append(start, offsetMinutes: 0, to: &out)
            if let end {
                out.append(UInt8(ascii: "/"))
                RFC3339.append(end, offsetMinutes: 0, to: &out)
            }
            out.append(UInt8(ascii: "\""))
        }
        if wantsResultTime {
            name(#""resultTime":""#)
            RFC3339.append(end ?? start, offsetMinutes: 0, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        if wantsResult {
            name(#""result":"#)
            JSONBytes.number(observation.value, into: &out)
        }
        if wantsResultQuality {
            name(#""resultQuality":"#)
            out.append(contentsOf: flag!.quoted)
        }
        if wantsParameters {
            name(#""parameters":{"flag":"#)
            out.append(contentsOf: flag!.quoted)
            Self.raw(#","source":"#, &out)
            out.append(contentsOf: source!.quoted)
            out.append(UInt8(ascii: "}"))
        }
        if wantsDatastream {
            name(#""Datastream@iot.navigationLink":"#)
            link(#"')/Datastream""#)
        }
        if wantsFeature {
            name(#""FeatureOfInterest@iot.navigationLink":"#)
            link(#"')/FeatureOfInterest""#)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func raw(_ text: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONBytes.quote(text, into: &out)
        return out
    }
}
