import QingshanCore
import Testing

@Suite struct CSVFieldsTests {
    @Test(arguments: [
        ("a,b,c", ["a", "b", "c"]),
        ("a,,c\r", ["a", "", "c"]),
        ("1,\"NNW\",5.7,\"Dongsi\"\r", ["1", "NNW", "5.7", "Dongsi"]),
        ("\"a,b\",\"say \"\"hi\"\"\"", ["a,b", "say \"hi\""]),
        ("", [""]),
    ])
    func splits(line: String, fields: [String]) {
        #expect(CSVFields.split(Substring(line)).map(String.init) == fields)
    }
}
