public import QingshanCore

/// Joins the sub-packets (拆分包) of split uploads. Pieces belong together when they share MN, CN, DataTime
/// and PNUM (each piece has its own QN, so QN cannot be the key); they may arrive in any order, and pieces
/// that never come are reported when the upload times out.
public struct HJ212Reassembler: Sendable {
    public struct Key: Sendable, Hashable {
        public var mn: String
        public var cn: String
        public var dataTime: String
        public var total: Int

        public init(mn: String, cn: String, dataTime: String, total: Int) {
            self.mn = mn
            self.cn = cn
            self.dataTime = dataTime
            self.total = total
        }
    }

    /// A split upload, whole or timed out.
    public struct Upload: Sendable {
        public var key: Key
        /// The pieces that arrived, by PNO.
        public var pieces: [Int: HJ212Packet]
        /// PNOs that never came (empty when complete).
        public var missing: [Int] { (1...key.total).filter { pieces[$0] == nil } }
        public var isComplete: Bool { missing.isEmpty }

        /// One packet with the first piece's header and every CP item of the pieces in PNO order.
        public var joined: HJ212Packet? {
            let ordered = pieces.keys.sorted().compactMap { pieces[$0] }
            guard let first = ordered.first else { return nil }
            let header = first.header.filter { $0.key != "PNUM" && $0.key != "PNO" && $0.key != "QN" }
            var seen = Set<String>()
            var items: [String] = []
            for piece in ordered {
                for (key, value) in piece.cp where key != "PNUM" && key != "PNO" {
                    // DataTime repeats in every piece; keep it once.
                    guard key != "DataTime" || seen.insert(key).inserted else { continue }
                    items.append("\(key)=\(value)")
                }
            }
            let text = header.map { "\($0.key)=\($0.value);" }.joined() + "CP=&&" + items.joined(separator: ";") + "&&"
            return try? HJ212Packet.parse(Array(text.utf8))
        }
    }

    /// How long the first piece waits for the others.
    public var timeout: Int64
    /// Most split uploads open at once; the oldest is given up beyond it (a logger sending junk PNUMs must
    /// not fill memory).
    public var maximumOpen: Int
    private var open: [Key: (started: Timestamp, pieces: [Int: HJ212Packet])] = [:]

    public init(timeoutMilliseconds: Int64 = 600_000, maximumOpen: Int = 10_000) {
        self.timeout = timeoutMilliseconds
        self.maximumOpen = maximumOpen
    }

    public var openCount: Int { open.count }

    /// PNO and PNUM of a piece: in the header (2017, 2025) or in CP (some 2005 loggers). Nil for a packet that
    /// is not split (no numbers, or PNUM 1).
    public static func pieceNumbers(_ packet: HJ212Packet) -> (number: Int, total: Int)? {
        guard let total = (packet.headerValue("PNUM") ?? packet.cpValue("PNUM")).flatMap({ Int($0) }),
            let number = (packet.headerValue("PNO") ?? packet.cpValue("PNO")).flatMap({ Int($0) }),
            total > 1, total <= 9999, (1...total).contains(number)
        else { return nil }
        return (number, total)
    }

    /// Adds a piece; returns the upload when this piece completes it. A repeated piece replaces the earlier one.
    public mutating func add(_ packet: HJ212Packet, at now: Timestamp) -> Upload? {
        guard let (number, total) = Self.pieceNumbers(packet) else { return nil }
        let key = Key(
            mn: packet.headerValue("MN") ?? "", cn: packet.headerValue("CN") ?? "",
            dataTime: packet.cpValue("DataTime") ?? "", total: total)
        var entry = open[key] ?? (now, [:])
        entry.pieces[number] = packet
        if entry.pieces.count == total {
            open[key] = nil
            return Upload(key: key, pieces: entry.pieces)
        }
        open[key] = entry
        return nil
    }

    /// Gives up uploads older than the timeout (and the oldest beyond `maximumOpen`); returns them with what
    /// they are missing.
    public mutating func expire(at now: Timestamp) -> [Upload] {
        var expired = open.filter { now.millisecondsSinceEpoch - $0.value.started.millisecondsSinceEpoch >= timeout }
        if open.count - expired.count > maximumOpen {
            let oldest = open.filter { expired[$0.key] == nil }.sorted { $0.value.started < $1.value.started }
            for (key, value) in oldest.prefix(open.count - expired.count - maximumOpen) { expired[key] = value }
        }
        for key in expired.keys { open[key] = nil }
        return expired.map { Upload(key: $0.key, pieces: $0.value.pieces) }.sorted { $0.key.dataTime < $1.key.dataTime }
    }
}
