import Foundation
import QingshanCore
import QingshanServer
import Testing

@testable import QingshanTools

@Suite struct WaterTablesTests {
    /// GB 3838 rows: classes per item (µg/L codes converted), the sample's class, 水质状况, main pollutants with
    /// their exceedance multiples, and the target; bad cells say what is wrong and leave the results empty.
    @Test func surfaceWaterRows() throws {
        let table = try WaterTables.surfaceWater(header: "site,ph,do,codmn,nh3n,tp,w20111,target", waterbody: .river)
        #expect(
            table.outputHeader
                == "site,ph,do,codmn,nh3n,tp,w20111,target,class_ph,class_do,class_codmn,class_nh3n,class_tp,class_hg,class,condition,main_pollutants,attained"
        )
        // Hg 0.04 µg/L = 0.00004 mg/L: class Ⅰ (≤ 0.00005).
        #expect(
            table.row("A,7.5,6.2,4.1,0.52,0.12,0.04,III", number: 2).output
                == "A,7.5,6.2,4.1,0.52,0.12,0.04,III,Ⅰ类,Ⅱ类,Ⅲ类,Ⅲ类,Ⅲ类,Ⅰ类,Ⅲ类,良好,,达标")
        // NH3-N 2.5 is (2.5 − 1.0)/1.0 = 1.5 times over class Ⅲ, TP 0.45 is 1.25; the worst three are named.
        #expect(
            table.row("B,8.1,2.5,12,2.5,0.45,,Ⅲ类", number: 3).output
                == "B,8.1,2.5,12,2.5,0.45,,Ⅲ类,Ⅰ类,Ⅴ类,Ⅴ类,劣Ⅴ类,劣Ⅴ类,,劣Ⅴ类,重度污染,氨氮(1.5)、总磷(1.25)、高锰酸盐指数(1.0),不达标")
        let bad = table.row("C,x,1,1,1,1,,3", number: 4)
        #expect(bad.notes.map(\.description) == ["line 4: ph 'x' is not a number"])
        #expect(bad.output == "C,x,1,1,1,1,,3" + String(repeating: ",", count: 10))
        #expect(table.row("D,15,5,5,0.4,0.1,,IV", number: 5).notes.map(\.message) == ["ph 15 is outside 0–14"])
        #expect(table.row("E,7,-2,,,,,", number: 6).notes.map(\.message) == ["do -2 is negative; a concentration cannot be"])
        #expect(table.row("F,7,6,,,,,Ⅵ", number: 7).notes.map(\.message) == ["target 'Ⅵ' is not a class: write Ⅲ, Ⅲ类, III or 3"])
        // Lakes use the lake TP limits: 0.12 is class Ⅴ there, Ⅲ in a river.
        let lake = try WaterTables.surfaceWater(header: "tp", waterbody: .lake)
        #expect(lake.row("0.12", number: 2).output == "0.12,Ⅴ类,Ⅴ类,中度污染,总磷(1.4)")
        #expect(throws: CalcHeaderError.self) { try WaterTables.surfaceWater(header: "foo,bar", waterbody: .river) }
        #expect(throws: CalcHeaderError.self) { try WaterTables.surfaceWater(header: "nh3n,w21003", waterbody: .river) }
    }

    /// GB/T 14848 rows: 从优不从劣 and the worst indicator with its multiple over class Ⅲ.
    @Test func groundwaterRows() throws {
        let table = try WaterTables.groundwater(header: "well,ph,mn,nh3n,fluoride")
        #expect(table.row("W1,7.2,0.2,0.6,0.5", number: 2).output == "W1,7.2,0.2,0.6,0.5,Ⅰ类,Ⅳ类,Ⅳ类,Ⅰ类,Ⅳ类,锰(1.0)、氨氮(0.2)")
        #expect(table.row("W2,9.3,0.05,0.01,1.0", number: 3).output == "W2,9.3,0.05,0.01,1.0,Ⅴ类,Ⅰ类,Ⅰ类,Ⅰ类,Ⅴ类,pH")
        #expect(table.row("W3,7,,,", number: 4).output == "W3,7,,,,Ⅰ类,,,,Ⅰ类,pH")
    }

    /// TLI: the worked example of standards.md §5.4 (48.02, 中营养), a chlorophyll code in mg/L, and a zero.
    @Test func trophicStateRows() throws {
        let table = try WaterTables.trophicState(header: "chla,tp,tn,sd,codmn")
        #expect(table.row("10,0.05,1.0,1.0,4", number: 2).output == "10,0.05,1.0,1.0,4,50.01,45.71,54.53,51.18,37.98,48.02,中营养")
        #expect(table.row("0,1,1,1,1", number: 3).notes.map(\.message) == ["chla 0.0 must be a positive number (the index takes its logarithm)"])
        let coded = try WaterTables.trophicState(header: "w01016")
        // 10 mg/m³ alone: 50.01, just over 50, 轻度富营养.
        #expect(coded.row("0.010", number: 2).output == "0.010,50.01,50.01,轻度富营养")
    }

    /// The commands: exit 0 for good input, 1 when a row is bad (the rest still computed), 2 for a useless header.
    @Test func commands() async throws {
        func run(_ arguments: [String], input: String) throws -> (status: Int32, output: String, errors: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RunningProcess.binary)
            process.arguments = arguments
            let stdin = Pipe()
            let stdout = Pipe()
            let stderr = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output, errors)
        }
        let good = try run(["calc", "groundwater"], input: "mn,nh3n\n0.2,0.6\n")
        #expect(good.status == 0)
        #expect(good.output == "mn,nh3n,class_mn,class_nh3n,class,decisive\n0.2,0.6,Ⅳ类,Ⅳ类,Ⅳ类,锰(1.0)、氨氮(0.2)\n")
        let bad = try run(["calc", "water", "--waterbody", "lake"], input: "tp\nabc\n0.01\n")
        #expect(bad.status == 1)
        #expect(bad.output == "tp,class_tp,class,condition,main_pollutants\nabc,,,,\n0.01,Ⅰ类,Ⅰ类,优,\n")
        #expect(bad.errors == "qingshan: line 2: tp 'abc' is not a number\n")
        let header = try run(["calc", "tli"], input: "depth\n1\n")
        #expect(header.status == 2)
        #expect(header.errors.contains("no column is an item of the trophic state index"))
        let option = try run(["calc", "water", "--waterbody", "sea"], input: "tp\n")
        #expect(option.status == 2)
        #expect(option.errors.contains("--waterbody 'sea' must be river or lake"))
    }
}
