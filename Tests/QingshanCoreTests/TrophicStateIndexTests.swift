import QingshanCore
import Testing

@Suite struct TrophicStateIndexTests {
    /// standards.md §5.4: chla 10 mg/m³, TP 0.05, TN 1.0, SD 1.0 m, CODMn 4 → 48.02, 中营养.
    @Test func workedExample() throws {
        let result = try #require(try TrophicStateIndex.compute([.chla: 10, .tp: 0.05, .tn: 1.0, .sd: 1.0, .codMn: 4]))
        #expect(result.tli == 48.02)
        #expect(result.state == .mesotrophic)
        #expect(result.state.nameZh == "中营养")
        let singles = result.singleIndexes.mapValues { ($0 * 1000).rounded() / 1000 }
        #expect(singles == [.chla: 50.006, .tp: 45.709, .tn: 54.53, .sd: 51.18, .codMn: 37.979])
    }

    /// A published four-parameter case (Hulun Lake, 2020): single indices 47.262, 73.131, 64.568, 67.415 give
    /// 61.535 with the weights renormalised; the paper's chla, printed as 7.77 mg/m³, gives its 47.262 to within
    /// the rounding of the printed concentration.
    @Test func publishedFourParameterCase() {
        let combined = TrophicStateIndex.combine([.chla: 47.262, .tp: 73.131, .tn: 64.568, .sd: 67.415])!
        #expect((combined * 1000).rounded() / 1000 == 61.535)
        #expect(abs(TrophicStateIndex.single(.chla, 7.77) - 47.262) < 0.005)
    }

    /// The class boundaries, and the plan's 乌梁素海 baseline 48.44 (中营养).
    @Test(arguments: [
        (29.99, TrophicStateIndex.State.oligotrophic), (30, .mesotrophic), (48.44, .mesotrophic), (50, .mesotrophic),
        (50.01, .lightEutrophic), (60, .lightEutrophic), (60.01, .middleEutrophic), (70, .middleEutrophic), (70.01, .hyperEutrophic),
    ])
    func classes(tli: Double, state: TrophicStateIndex.State) {
        #expect(TrophicStateIndex.State(tli: tli) == state)
    }

    @Test func badValuesAreRefused() throws {
        #expect(throws: TrophicStateIndex.InputError(parameter: .sd, value: 0)) { try TrophicStateIndex.compute([.sd: 0]) }
        #expect(try TrophicStateIndex.compute([:]) == nil)
    }
}
