import QingshanCore
import Testing

@Suite struct RegistryProfileTests {
    @Test func findsBrokenReferences() {
        let profile = RegistryProfile(
            name: "t",
            regions: [
                Region(code: "150800", nameZh: "巴彦淖尔市", level: .city),
                Region(code: "150802", nameZh: "临河区", parentCode: "150899", level: .district),
            ],
            sites: [
                Site(code: "A", nameZh: "a", kind: .air, regionCode: "150802"),
                Site(
                    code: "A", nameZh: "a2", kind: .air, regionCode: "999999",
                    location: GeoPoint(longitude: 200, latitude: 40)),
            ],
            devices: [Device(mn: "MN1", siteCode: "B")])
        let problems = profile.problems()
        #expect(problems.contains("site A is defined twice"))
        #expect(problems.contains("region 150802: parent 150899 is not a region of this profile"))
        #expect(problems.contains("site A: region 999999 is not a region of this profile"))
        #expect(problems.contains("site A: coordinates out of range"))
        #expect(problems.contains("device MN1: site B is not a site of this profile"))
        #expect(problems.count == 5)
    }

    @Test func aConsistentProfileHasNoProblems() {
        let profile = RegistryProfile(
            name: "t", regions: [Region(code: "150800", nameZh: "巴彦淖尔市", level: .city)],
            sites: [Site(code: "2195A", nameZh: "附二中", kind: .air, regionCode: "150800")],
            devices: [Device(mn: "MN1", siteCode: "2195A")])
        #expect(profile.problems().isEmpty)
    }
}
