public import QingshanCore

/// The centre's answers to what a logger sent, in the logger's own edition.
public enum HJ212Answer {
    /// The data segment of a 9014 (data answer) for an upload, or of a 9013 (notification answer).
    ///
    /// 2017 and 2025 echo QN, PW and MN in the header with an empty CP; 2005 put the upload's QN and CN
    /// inside CP and left the header bare.
    /// `edition` overrides the packet's own (an operator's per-device setting).
    public static func segment(answering packet: HJ212Packet, with cn: String, edition: HJ212Edition? = nil) -> [UInt8] {
        let qn = packet.headerValue("QN") ?? packet.cpValue("QN")
        let edition = edition ?? packet.edition
        var text: String
        switch edition {
        case .hj212_2005:
            var cp: [String] = []
            if let qn { cp.append("QN=\(qn)") }
            if cn == "9014", let uploaded = packet.headerValue("CN") { cp.append("CN=\(uploaded)") }
            text = "ST=91;CN=\(cn);PW=\(packet.headerValue("PW") ?? "");MN=\(packet.headerValue("MN") ?? "");CP=&&\(cp.joined(separator: ";"))&&"
        case .hj212_2017, .hj212_2025:
            let flag = edition == .hj212_2025 ? 8 : 4
            text = qn.map { "QN=\($0);" } ?? ""
            text += "ST=91;CN=\(cn);PW=\(packet.headerValue("PW") ?? "");MN=\(packet.headerValue("MN") ?? "");Flag=\(flag);CP=&&&&"
        }
        return Array(text.utf8)
    }

    /// Whether the sender asked for an answer (Flag bit A).
    public static func isRequested(by packet: HJ212Packet) -> Bool {
        (packet.flag ?? 0) & 1 == 1
    }

    /// The answer a packet needs, if any: 9014 for uploads, 9013 for notifications and heartbeats.
    public static func command(for packet: HJ212Packet) -> String? {
        guard isRequested(by: packet), let cn = packet.headerValue("CN") else { return nil }
        switch cn {
        case "1013", "9015": return "9013"
        case "9011", "9012", "9013", "9014": return nil
        default: return "9014"
        }
    }
}
