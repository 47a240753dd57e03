import QingshanCore
import Testing

@Suite struct ParameterCatalogueTests {
    /// Aliases from HJ/T 212-2005 (Appendix B of HJ 212-2017) and short names resolve to the 2017 code.
    @Test(arguments: [
        ("a34004", "a34004"), ("pm25", "a34004"), ("PM2.5", "a34004"), ("pm10", "a34002"), ("so2", "a21026"),
        ("02", "a21026"), ("CO", "a21005"), ("o3", "a05024"), ("011", "w01018"), ("cod", "w01018"),
        ("060", "w21003"), ("101", "w21011"), ("065", "w21001"), ("001", "w01001"), ("B01", "w00000"),
        ("b02", "a00000"), ("S01", "a19001"), ("03", "a21002"), ("01", "a34013"),
    ])
    func resolves(alias: String, code: String) {
        #expect(ParameterCatalogue.standard.parameter(for: alias)?.code == code)
    }

    @Test func unknownCodesAreNotGuessed() {
        #expect(ParameterCatalogue.standard.parameter(for: "a99999") == nil)
        #expect(ParameterCatalogue.standard.parameter(for: "") == nil)
    }

    @Test func codesAreUniqueAndAliasesDoNotShadowCodes() {
        let parameters = ParameterCatalogue.standard.parameters
        #expect(Set(parameters.map(\.code)).count == parameters.count)
        for parameter in parameters {
            #expect(ParameterCatalogue.standard.parameter(for: parameter.code)?.code == parameter.code)
        }
    }

    @Test func aProfileCanOverrideAParameter() {
        var catalogue = ParameterCatalogue.standard
        catalogue.add(Parameter(code: "a34004", nameZh: "PM2.5", nameEn: "PM2.5", unit: "ng/m³", medium: .air, aliases: ["fine"]))
        #expect(catalogue.parameter(for: "a34004")?.unit == "ng/m³")
        #expect(catalogue.parameter(for: "fine")?.code == "a34004")
        #expect(catalogue.parameter(for: "pm25") == nil)
        #expect(catalogue.parameters.count == ParameterCatalogue.standard.parameters.count)
    }

    @Test func validRanges() throws {
        let ph = try #require(ParameterCatalogue.standard.parameter(for: "ph"))
        #expect(ph.accepts(7))
        #expect(!ph.accepts(14.5))
        #expect(!ph.accepts(-1))
        #expect(!ph.accepts(.nan))
        let temperature = try #require(ParameterCatalogue.standard.parameter(for: "temp"))
        #expect(temperature.accepts(-20))
    }
}
