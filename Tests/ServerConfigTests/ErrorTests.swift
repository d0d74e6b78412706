import Foundation
import Testing
@testable import ServerConfig

/// One bad document and what its error must say.
struct BadCase: CustomTestStringConvertible, Sendable {
    let yaml: String
    let keyPath: String
    let line: Int
    let column: Int
    let contains: String
    var testDescription: String { "\(keyPath.isEmpty ? "<doc>" : keyPath): \(contains)" }
}

@Suite struct Errors {
    static let cases: [BadCase] = [
        // Unknown keys, with and without a near miss.
        BadCase(yaml: "api:\n  prot: 80\n", keyPath: "api.prot", line: 2, column: 3, contains: "unknown key \"prot\" (did you mean \"port\"?)"),
        BadCase(yaml: "# c\ndatadir: /x\n", keyPath: "datadir", line: 2, column: 1, contains: "did you mean \"data_dir\"?"),
        BadCase(yaml: "loggin: {}\n", keyPath: "loggin", line: 1, column: 1, contains: "did you mean \"log\"?"),
        BadCase(yaml: "zebra: 1\n", keyPath: "zebra", line: 1, column: 1, contains: "unknown key \"zebra\"; known keys: data_dir, plugin_dirs"),
        BadCase(yaml: "database:\n  type: sqlite\n  dns: x\n", keyPath: "database.dns", line: 3, column: 3, contains: "did you mean \"dsn\"?"),
        BadCase(yaml: "first_start:\n  nfsport: 1\n", keyPath: "first_start.nfsport", line: 2, column: 3, contains: "did you mean \"nfs_port\"?"),
        BadCase(yaml: "api:\n  port: 1\n  port: 2\n", keyPath: "api.port", line: 3, column: 3, contains: "repeated key (first set on line 2)"),
        // Wrong types.
        BadCase(yaml: "api: 8080\n", keyPath: "api", line: 1, column: 6, contains: "expected a mapping (key: value lines), got \"8080\""),
        BadCase(yaml: "api:\n  port: http\n", keyPath: "api.port", line: 2, column: 9, contains: "expected a whole number, got \"http\""),
        BadCase(yaml: "api:\n  port: 80.5\n", keyPath: "api.port", line: 2, column: 9, contains: "expected a whole number"),
        BadCase(yaml: "metrics:\n  enabled: maybe\n", keyPath: "metrics.enabled", line: 2, column: 12, contains: "expected true or false, got \"maybe\""),
        BadCase(yaml: "plugin_dirs: /opt/p\n", keyPath: "plugin_dirs", line: 1, column: 14, contains: "expected a list"),
        BadCase(yaml: "plugin_dirs:\n  - /a\n  - [x]\n", keyPath: "plugin_dirs[1]", line: 3, column: 5, contains: "expected a string, got a list"),
        BadCase(yaml: "plugin_dirs: [\"\"]\n", keyPath: "plugin_dirs[0]", line: 1, column: 15, contains: "must not be empty"),
        BadCase(yaml: "data_dir: {a: 1}\n", keyPath: "data_dir", line: 1, column: 11, contains: "expected a string, got a mapping"),
        BadCase(yaml: "data_dir: \"\"\n", keyPath: "data_dir", line: 1, column: 11, contains: "must not be empty"),
        BadCase(yaml: "- a\n- b\n", keyPath: "", line: 1, column: 1, contains: "expected a mapping of sections"),
        BadCase(yaml: "just text\n", keyPath: "", line: 1, column: 1, contains: "expected a mapping of sections"),
        // Bad enum values.
        BadCase(yaml: "log:\n  level: verbose\n", keyPath: "log.level", line: 2, column: 10,
                contains: "\"verbose\" is not one of trace, debug, info, notice, warning, error, critical"),
        BadCase(yaml: "log:\n  level: warn\n", keyPath: "log.level", line: 2, column: 10, contains: "(did you mean \"warning\"?)"),
        BadCase(yaml: "log: {format: xml}\n", keyPath: "log.format", line: 1, column: 15, contains: "\"xml\" is not one of text, json"),
        BadCase(yaml: "database:\n  type: mysql\n", keyPath: "database.type", line: 2, column: 9, contains: "\"mysql\" is not one of sqlite, postgres"),
        BadCase(yaml: "database:\n  type: postgress\n", keyPath: "database.type", line: 2, column: 9, contains: "did you mean \"postgres\"?"),
        // Ports.
        BadCase(yaml: "api:\n  port: 70000\n", keyPath: "api.port", line: 2, column: 9, contains: "70000 is out of range (1...65535)"),
        BadCase(yaml: "api:\n  port: 0\n", keyPath: "api.port", line: 2, column: 9, contains: "0 is out of range (1...65535)"),
        BadCase(yaml: "metrics:\n  port: 0\n", keyPath: "metrics.port", line: 2, column: 9, contains: "0 is out of range (1...65535)"),
        BadCase(yaml: "metrics:\n  port: -1\n", keyPath: "metrics.port", line: 2, column: 9, contains: "-1 is out of range"),
        BadCase(yaml: "first_start:\n  nfs_port: 65536\n", keyPath: "first_start.nfs_port", line: 2, column: 13,
                contains: "65536 is out of range (0...65535) (0 picks a free port)"),
        // Other values.
        BadCase(yaml: "api:\n  bind: 999.1.1.1\n", keyPath: "api.bind", line: 2, column: 9, contains: "is not an IP address or host name"),
        BadCase(yaml: "metrics: {bind: \"bad host\"}\n", keyPath: "metrics.bind", line: 1, column: 17, contains: "is not an IP address"),
        BadCase(yaml: "first_start:\n  share: export\n", keyPath: "first_start.share", line: 2, column: 10, contains: "must start with /"),
        BadCase(yaml: "first_start:\n  metadata: \"\"\n", keyPath: "first_start.metadata", line: 2, column: 13, contains: "must not be empty"),
        BadCase(yaml: "database:\n  schema: 1abc\n", keyPath: "database.schema", line: 2, column: 11, contains: "not a plain SQL identifier"),
        // Rules across keys.
        BadCase(yaml: "api: {}\ndatabase:\n  type: postgres\n", keyPath: "database.type", line: 3, column: 9,
                contains: "postgres needs a connection string: set database.dsn, database.dsn_file, or $DFS_DATABASE_DSN"),
        BadCase(yaml: "database:\n  type: postgres\n  dsn: \"\"\n", keyPath: "database.type", line: 2, column: 9, contains: "postgres needs a connection string"),
        BadCase(yaml: "database:\n  type: postgres\n  dsn: a\n  dsn_file: /b\n", keyPath: "database", line: 1, column: 1, contains: "set dsn or dsn_file, not both"),
        BadCase(yaml: "\ndatabase:\n  dsn: host=x\n", keyPath: "database", line: 2, column: 1, contains: "dsn and dsn_file are for type: postgres"),
        // Malformed YAML: Yams' own position.
        BadCase(yaml: "api: [1,\n", keyPath: "", line: 2, column: 1, contains: "malformed YAML (parser)"),
        BadCase(yaml: "api:\n  port: 1\n bind: x\n", keyPath: "", line: 3, column: 2, contains: "malformed YAML (parser): while parsing a block mapping (line 1), did not find expected key"),
        BadCase(yaml: "a: \"unterminated\n", keyPath: "", line: 2, column: 1, contains: "malformed YAML (scanner)"),
        BadCase(yaml: "log:\n\tlevel: info\n", keyPath: "", line: 2, column: 1, contains: "malformed YAML"),
        BadCase(yaml: "api:\n  bind: a\u{01}b\n", keyPath: "", line: 2, column: 10, contains: "malformed YAML (reader): control characters are not allowed"),
    ]

    @Test(arguments: cases) func reportsKeyLineAndMessage(_ c: BadCase) {
        guard let i = issue(c.yaml) else { return }
        #expect(i.source == "c.yaml")
        #expect(i.keyPath == c.keyPath, "\(i)")
        #expect(i.line == c.line, "\(i)")
        #expect(i.column == c.column, "\(i)")
        #expect(i.message.contains(c.contains), "\(i)")
        // One line, naming the file, the line and the key.
        let text = ConfigError.invalid(i).description
        #expect(!text.contains("\n"))
        #expect(text.hasPrefix("c.yaml:\(c.line):\(c.column): "))
        if !c.keyPath.isEmpty { #expect(text.contains(": \(c.keyPath): ")) }
    }

    @Test func missingFileIsDistinct() {
        let path = "/nonexistent-\(UUID().uuidString)/config.yaml"
        #expect(throws: ConfigError.missing(path: path)) { try ServerConfig.load(path: path, environment: plainEnv) }
    }

    @Test func directoryAndNonUTF8AreUnreadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: ConfigError.unreadable(path: dir, reason: "is a directory, not a configuration file")) {
            try ServerConfig.load(path: dir, environment: plainEnv)
        }
        let bin = dir + "/bin.yaml"
        try Data([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: bin))
        #expect(throws: ConfigError.unreadable(path: bin, reason: "is not UTF-8 text")) { try ServerConfig.load(path: bin, environment: plainEnv) }
    }

    @Test func loadNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-cfg-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "api:\n  port: 99999\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ServerConfig.load(path: path, environment: plainEnv)
            Issue.record("loaded a bad file")
        } catch {
            #expect("\(error)" == "\(path):2:9: api.port: 99999 is out of range (1...65535)")
        }
    }

    @Test func hostileDocumentsFailFastWithoutCrashing() throws {
        let start = Date()
        // Deep flow nesting (libyaml is quadratic on it): refused before parsing, at the 65th bracket.
        let deep = issue("a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(deep?.message == "brackets nested more than 64 deep")
        #expect(deep?.line == 1 && deep?.column == 3 + 65)
        // Brackets in comments do not count.
        #expect(try parse("# " + String(repeating: "[", count: 100) + "\napi: {port: 1}\n").api.port == 1)
        // Deep block nesting within the size limit: a clear error, no stack overflow.
        let compact = issue("plugin_dirs:\n" + String(repeating: "- ", count: 100_000) + "x\n")
        #expect(compact?.keyPath == "plugin_dirs[0]")
        let indented = issue("plugin_dirs:\n" + (0..<600).map { String(repeating: " ", count: $0) + "-\n" }.joined())
        #expect(indented?.keyPath == "plugin_dirs[0]")
        // Alias expansion ("billion laughs") is not walked: the schema stops it.
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i == 1 ? "" : String(i - 1))", count: 10).joined(separator: ", ") + "]\n" }
        #expect(issue(bomb)?.keyPath == "a")
        #expect(issue("plugin_dirs: &p [[x]]\nlog: *p\n")?.keyPath == "plugin_dirs[0]")
        // Too large.
        #expect(issue(String(repeating: "# padding\n", count: 30_000))?.message.hasPrefix("larger than 256 KiB") == true)
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func suggestions() {
        #expect(Suggest.nearest("prot", in: ["bind", "port"]) == "port")
        #expect(Suggest.nearest("xyz", in: ["bind", "port"]) == nil)
        #expect(Suggest.nearest("PORT", in: ["bind", "port"]) == "port")
        #expect(Suggest.distance("", "abc") == 3)
        #expect(Suggest.distance("ab", "ba") == 1)
        #expect(Suggest.nearest("warn", in: ["info", "warning"]) == "warning")  // a prefix
        #expect(Suggest.nearest("loggin", in: ["log", "api"]) == "log")
        #expect(Suggest.nearest("lo", in: ["log", "api"]) == "log")
    }

    @Test func addresses() {
        for ok in ["127.0.0.1", "0.0.0.0", "::", "::1", "fe80::1", "localhost", "db-1.example.org"] { #expect(Address.isValid(ok), "\(ok)") }
        for bad in ["999.1.1.1", "1.2.3", "a b", "-x", "x..y", "::g", "", "h_st"] { #expect(!Address.isValid(bad), "\(bad)") }
    }
}
