import QingshanCore
import Testing

/// DESIGN (Access): ambient sites are public; an outlet is seen by its enterprise, its county and the city, and by
/// everyone once published; writes follow the same scopes, and readers never write.
@Suite struct PrincipalTests {
    static let air = Site(code: "2195A", nameZh: "附二中", kind: .air, regionCode: "150802")
    static let outlet = Site(code: "OUT1", nameZh: "1号排口", kind: .sourceGas, regionCode: "150802", enterpriseCode: "E01")
    static let published = Site(
        code: "OUT2", nameZh: "2号排口", kind: .sourceWater, regionCode: "150821", enterpriseCode: "E02",
        publishedAt: Timestamp(millisecondsSinceEpoch: 1))

    static func token(_ role: AccessRole, _ scope: String? = nil) -> Principal {
        .token(APIToken(id: "00000000", name: "t", role: role, scope: scope, createdAt: Timestamp(millisecondsSinceEpoch: 0)))
    }

    // (who, site, may read, may write)
    static let cases: [(Principal, Site, Bool, Bool)] = [
        (.anonymous, air, true, false),
        (.anonymous, outlet, false, false),
        (.anonymous, published, true, false),
        (token(.city), outlet, true, true),
        (token(.city), air, true, true),
        (token(.county, "150802"), outlet, true, true),
        (token(.county, "150821"), outlet, false, false),
        (token(.county, "150821"), published, true, true),
        (token(.county, "150821"), air, true, false),
        (token(.enterprise, "E01"), outlet, true, true),
        (token(.enterprise, "E02"), outlet, false, false),
        (token(.enterprise, "E01"), air, true, false),
        (token(.reader), outlet, true, false),
        (token(.reader, "150802"), outlet, true, false),
        (token(.reader, "150821"), outlet, false, false),
    ]

    @Test(arguments: cases.indices)
    func readAndWrite(index: Int) {
        let (principal, site, read, write) = Self.cases[index]
        #expect(principal.canRead(site) == read, "read \(site.code) as \(principal)")
        #expect(principal.canWrite(site) == write, "write \(site.code) as \(principal)")
    }

    @Test func devicesAndListsBelongToTheCity() {
        #expect(Self.token(.city).canManageDevices)
        #expect(!Self.token(.county, "150802").canManageDevices)
        #expect(!Principal.anonymous.canManageDevices)
        #expect(Self.token(.city).seesEverything && Self.token(.reader).seesEverything)
        #expect(!Self.token(.reader, "150802").seesEverything && !Principal.anonymous.seesEverything)
        #expect(!Self.token(.reader).canWriteAnything && Self.token(.enterprise, "E01").canWriteAnything)
    }
}
