public import QingshanCore

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
        cpValue("DataTime").flatMap(HJ212Request.time)
    }

    /// The values of an upload as observations of `siteCode`, keyed by catalogue code (2005 codes resolved);
    /// codes the catalogue does not know keep their raw name. `-Zs…` (折算) values go under `<code>_zs`.
    public func observations(siteCode: String, catalogue: ParameterCatalogue) throws(HJ212FrameError) -> [Observation] {
        guard let interval else { return [] }
        guard let start = dataTime else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "DataTime '\(cpValue("DataTime") ?? "")' is not YYYYMMDDhhmmss")
        }
        struct Partial {
            var parameter: String
            var value: Double?
            var minimum: Double?
            var maximum: Double?
            var cumulative: Double?
            var flag = "N"
        }
        // One slot per parameter in the order first written; byte-level key splitting because this runs for
        // every value the gateway receives.
        var partials: [Partial] = []
        var slots: [String: Int] = [:]
        for (key, text) in cp {
            let bytes = key.utf8
            guard let dash = bytes.lastIndex(of: UInt8(ascii: "-")) else { continue }
            var field = Substring(bytes[bytes.index(after: dash)...])
            let zs = field.utf8.starts(with: "Zs".utf8)
            if zs { field = field.dropFirst(2) }
            let kind: Field
            switch field {
            case "Rtd", "Avg": kind = .value
            case "Min": kind = .minimum
            case "Max": kind = .maximum
            case "Cou": kind = .cumulative
            case "Flag": kind = .flag
            default: continue
            }
            let code = String(Substring(bytes[..<dash]))
            let parameter = (catalogue.code(for: code) ?? code) + (zs ? "_zs" : "")
            let slot: Int
            if let known = slots[parameter] {
                slot = known
            } else {
                slot = partials.count
                slots[parameter] = slot
                partials.append(Partial(parameter: parameter))
            }
            if kind == .flag {
                partials[slot].flag = text
                continue
            }
            guard let number = Double(text), number.isFinite else {
                throw HJ212FrameError(offset: 0, reason: .syntax, detail: "\(key) '\(text)' is not a number")
            }
            switch kind {
            case .value: partials[slot].value = number
            case .minimum: partials[slot].minimum = number
            case .maximum: partials[slot].maximum = number
            case .cumulative: partials[slot].cumulative = number
            case .flag: break
            }
        }
        // Flags of a code also apply to its 折算 values when they carry none of their own.
        return partials.compactMap { partial in
            guard let value = partial.value ?? partial.cumulative else { return nil }
            var flag = partial.flag
            if partial.parameter.hasSuffix("_zs"), flag == "N", let base = slots[String(partial.parameter.dropLast(3))] {
                flag = partials[base].flag
            }
            return Observation(
                siteCode: siteCode, parameterCode: partial.parameter, interval: interval, periodStart: start, value: value,
                minimum: partial.minimum, maximum: partial.maximum, cumulative: partial.cumulative, flag: flag,
                source: "hj212")
        }
    }
}

/// What a CP key's suffix says about its value.
private enum Field {
    case value, minimum, maximum, cumulative, flag
}
