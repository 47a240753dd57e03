import QingshanStore
import Testing

@Suite struct DatabaseLocationTests {
    @Test func parsesBothSchemes() throws {
        #expect(try DatabaseLocation(parsing: "sqlite:data/q.sqlite") == .sqlite(path: "data/q.sqlite"))
        let full = try DatabaseLocation(parsing: "postgres://qs:p%40ss@db.local:6543/qingshan?sslmode=disable")
        #expect(full == .postgres(.init(host: "db.local", port: 6543, username: "qs", password: "p@ss", database: "qingshan")))
        #expect(full.description == "postgres://qs:***@db.local:6543/qingshan")
        #expect(try DatabaseLocation(parsing: "postgresql://u@h/d") == .postgres(.init(host: "h", username: "u", database: "d")))
    }

    @Test(arguments: ["", "sqlite:", "mysql://u@h/d", "postgres://h/d", "postgres://u@h:99999/d", "postgres://u@h/", "postgres://u@:5/d"])
    func refusesMalformed(text: String) {
        #expect(throws: DatabaseLocation.ParseError.self) { try DatabaseLocation(parsing: text) }
    }

    @Test func neverPrintsThePassword() {
        do {
            _ = try DatabaseLocation(parsing: "postgres://user:secret@host:notaport/db")
            Issue.record("accepted a bad port")
        } catch {
            #expect(!error.description.contains("secret"))
        }
    }
}
