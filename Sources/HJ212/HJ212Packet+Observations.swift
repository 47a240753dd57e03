import QingshanCore

extension HJ212Packet {
    /// The interval an upload's values belong to: 2011 real-time, 2051 minute, 2061 hour, 2031 day.
    public var interval: ObservationInterval? {
        switch headerValue("CN") {
        case "2011": .rtd
        case "2051": .minute
        case "2061": .hour
        case "2031": .day
        default: nil
        }
    }

    /// `DataTime` (Beijing time, `YYYYMMDDhhmmss`, 2005 devices add milliseconds) as an instant.
    public var dataTime: Timestamp? {
        guard let text = cpValue("DataTime"), text.count == 14 || text.count == 17, text.allSatisfy(\.isASCII),
            text.allSatisfy(\.isNumber)
        else { return nil }
        let digits = Array(text.utf8).map { Int($0 - 48) }
        func number(_ start: Int, _ count: Int) -> Int { digits[start..<(start + count)].reduce(0) { $0 * 10 + $1 } }
        let civil = CivilDateTime(
            year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: number(8, 2), minute: number(10, 2),
            second: number(12, 2), millisecond: text.count == 17 ? number(14, 3) : 0)
        return civil.isValid ? civil.timestamp : nil
    }

    /// The values of an upload as observations of `siteCode`, keyed by catalogue code (2005 codes resolved);
    /// codes the catalogue does not know keep their raw name. `-Zs…` (折算) values go under `<code>_zs`.
    public func observations(siteCode: String, catalogue: ParameterCatalogue) throws(HJ212FrameError) -> [Observation] {
        guard let interval else { return [] }
        guard let start = dataTime else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "DataTime '\(cpValue("DataTime") ?? "")' is not YYYYMMDDhhmmss")
        }
        struct Partial {
            var value: Double?
            var minimum: Double?
            var maximum: Double?
            var cumulative: Double?
            var flag = "N"
        }
        var order: [String] = []
        var partials: [String: Partial] = [:]
        for (key, text) in cp {
            guard let dash = key.lastIndex(of: "-") else { continue }
            let code = String(key[..<dash])
            let suffix = key[key.index(after: dash)...]
            let zs = suffix.hasPrefix("Zs")
            let field = zs ? suffix.dropFirst(2) : suffix
            let parameter = (catalogue.parameter(for: code)?.code ?? code) + (zs ? "_zs" : "")
            if partials[parameter] == nil {
                order.append(parameter)
                partials[parameter] = Partial()
            }
            if field == "Flag" {
                partials[parameter]?.flag = text
                continue
            }
            guard ["Rtd", "Avg", "Min", "Max", "Cou"].contains(field) else { continue }
            guard let number = Double(text), number.isFinite else {
                throw HJ212FrameError(offset: 0, reason: .syntax, detail: "\(key) '\(text)' is not a number")
            }
            switch field {
            case "Rtd", "Avg": partials[parameter]?.value = number
            case "Min": partials[parameter]?.minimum = number
            case "Max": partials[parameter]?.maximum = number
            default: partials[parameter]?.cumulative = number
            }
        }
        // Flags of a code also apply to its 折算 values when they carry none of their own.
        return order.compactMap { parameter in
            guard let partial = partials[parameter] else { return nil }
            guard let value = partial.value ?? partial.cumulative else { return nil }
            var flag = partial.flag
            if parameter.hasSuffix("_zs"), flag == "N", let base = partials[String(parameter.dropLast(3))] { flag = base.flag }
            return Observation(
                siteCode: siteCode, parameterCode: parameter, interval: interval, periodStart: start, value: value,
                minimum: partial.minimum, maximum: partial.maximum, cumulative: partial.cumulative, flag: flag,
                source: "hj212")
        }
    }
}
