import HJ212
import QingshanCore
import Testing

@Suite struct EditionTests {
    static func packet(_ segment: String) throws -> HJ212Packet { try HJ212Packet.parse(Array(segment.utf8)) }

    @Test(arguments: [
        // Flag decides when present: version bits 0, 1, 2.
        ("QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=1;CP=&&&&", HJ212Edition.hj212_2005),
        ("QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=5;CP=&&&&", .hj212_2017),
        ("QN=1;ST=22;CN=2011;PW=1;MN=M;Flag=9;CP=&&&&", .hj212_2025),
        // A Flag that says 2017 wins over a 2025-only CN (some loggers hard-code it; the per-device override fixes it).
        ("QN=1;ST=22;CN=9015;PW=1;MN=M;Flag=5;CP=&&&&", .hj212_2017),
        // Without a Flag: 2005, unless a 2025-only marker is there.
        ("ST=32;CN=2011;PW=1;MN=M;CP=&&DataTime=20160824003817000;B01-Rtd=36.91&&", .hj212_2005),
        ("QN=1;ST=22;CN=2011;PW=1;MN=M;RF=1;CP=&&&&", .hj212_2025),
        ("QN=1;ST=22;CN=9015;PW=1;MN=M;CP=&&&&", .hj212_2025),
        ("QN=1;ST=44;CN=2011;PW=1;MN=M;CP=&&&&", .hj212_2025),
        ("QN=1;ST=31;CN=1001;PW=1;MN=M;CP=&&i23005-Info=ABC&&", .hj212_2025),
    ])
    func editionFromFlagAndMarkers(segment: String, edition: HJ212Edition) throws {
        #expect(try Self.packet(segment).edition == edition)
    }
}
