/// The edition of HJ 212 a packet follows (read from the version bits of `Flag`, bits 2–7) or an operator sets for
/// a device: one type for the codec, the registry and the API.
public enum HJ212Edition: String, Sendable, Hashable, Codable {
    case hj212_2005 = "2005"
    case hj212_2017 = "2017"
    case hj212_2025 = "2025"

    /// 2005 devices send Flag 0–3 or none at all; 2017 sets version 1 (Flag 4–7); 2025 version 2 (Flag 8–11).
    /// Other version bits are unknown editions; they are read as 2017, the closest grammar.
    public init(flag: Int?) {
        switch flag.map({ ($0 >> 2) & 0x3F }) {
        case nil, 0: self = .hj212_2005
        case 2: self = .hj212_2025
        default: self = .hj212_2017
        }
    }
}
