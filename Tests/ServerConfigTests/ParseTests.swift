import Foundation
import Testing
@testable import ServerConfig

/// An environment with nothing that changes defaults.
let plainEnv = ["HOME": "/home/u"]

func parse(_ yaml: String, env: [String: String] = plainEnv) throws -> ServerConfig {
    try ServerConfig.parse(yaml: yaml, source: "c.yaml", environment: env)
}

/// The issue a bad document raises (fails the test when it parses).
func issue(_ yaml: String, env: [String: String] = plainEnv, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigIssue? {
    do {
        let c = try parse(yaml, env: env)
        Issue.record("parsed, expected an error: \(c)", sourceLocation: sourceLocation)
        return nil
    } catch let e as ConfigError {
        guard let i = e.issue else { Issue.record("not an .invalid error: \(e)", sourceLocation: sourceLocation); return nil }
        return i
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

@Suite struct Defaults {
    @Test func emptyDocumentIsTheDefaults() throws {
        let d = ServerConfig.defaults(environment: plainEnv)
        #expect(try parse("") == d)
        #expect(try parse("# only a comment\n") == d)
        #expect(try parse("---\n") == d)
    }

    @Test func defaultValues() {
        let d = ServerConfig.defaults(environment: plainEnv)
        #expect(d.dataDir == "~/.local/share/dfs")
        #expect(d.pluginDirs == [])
        #expect(d.log == .init(level: .info, format: .text, file: ""))
        #expect(d.database == .init(type: .sqlite, path: "", dsn: "", dsnFile: "", schema: "dfs_control"))
        #expect(d.api == .init(bind: "127.0.0.1", port: 8080))
        #expect(d.metrics == .init(enabled: true, bind: "127.0.0.1", port: 9090))
        #expect(d.firstStart == .init(nfsPort: 12049, nfsBind: "0.0.0.0", share: "/export", metadata: "badgerlike", payload: "fs"))
    }

    @Test func nullValuesKeepDefaults() throws {
        let c = try parse("data_dir:\nlog:\napi:\n  port: ~\nmetrics: null\nplugin_dirs:\n")
        #expect(c == ServerConfig.defaults(environment: plainEnv))
    }

    @Test func partialSectionKeepsOtherDefaults() throws {
        let c = try parse("api:\n  port: 8181\n")
        #expect(c.api == .init(bind: "127.0.0.1", port: 8181))
        #expect(c.metrics.port == 9090)
    }
}

@Suite struct FullFile {
    @Test func everyKey() throws {
        let yaml = """
        data_dir: /srv/dfs
        plugin_dirs: [/opt/p1, "~/p2"]
        log: {level: DEBUG, format: json, file: /var/log/dfs.log}
        database:
          type: postgres
          dsn: "host=db dbname=dfs password=pw"
          schema: ctl_1
        api: {bind: "::1", port: 8081}
        metrics:
          enabled: no
          bind: localhost
          port: 9191
        first_start:
          nfs_port: 0
          nfs_bind: 10.0.0.1
          share: /data
          metadata: postgres
          payload: memory
        """
        let c = try parse(yaml)
        #expect(c.dataDir == "/srv/dfs")
        #expect(c.pluginDirs == ["/opt/p1", "~/p2"])
        #expect(c.log == .init(level: .debug, format: .json, file: "/var/log/dfs.log"))
        #expect(c.database == .init(type: .postgres, path: "", dsn: "host=db dbname=dfs password=pw", dsnFile: "", schema: "ctl_1"))
        #expect(c.api == .init(bind: "::1", port: 8081))
        #expect(c.metrics == .init(enabled: false, bind: "localhost", port: 9191))
        #expect(c.firstStart == .init(nfsPort: 0, nfsBind: "10.0.0.1", share: "/data", metadata: "postgres", payload: "memory"))
    }

    @Test func postgresDSNFromEnvironmentIsEnough() throws {
        let env = plainEnv.merging(["DFS_DATABASE_DSN": "host=x"]) { $1 }
        let c = try parse("database: {type: postgres}\n", env: env)
        #expect(try c.resolvedDSN(environment: env) == "host=x")
    }

    @Test func postgresDSNFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "host=fromfile password=x\n".write(toFile: dir + "/dsn", atomically: true, encoding: .utf8)
        let env = plainEnv.merging(["DFS_DATABASE_DSN": "host=env"]) { $1 }
        let c = try parse("database: {type: postgres, dsn_file: \(dir)/dsn}\n", env: env)
        #expect(try c.resolvedDSN(environment: env) == "host=fromfile password=x")
        // An inline dsn wins over the environment.
        let inline = try parse("database: {type: postgres, dsn: host=inline}\n", env: env)
        #expect(try inline.resolvedDSN(environment: env) == "host=inline")
        // sqlite has none.
        #expect(try parse("").resolvedDSN(environment: env) == nil)
        // A missing dsn file is a clear error naming it.
        let missing = try parse("database: {type: postgres, dsn_file: \(dir)/nope}\n", env: env)
        #expect(throws: ConfigError.self) { try missing.resolvedDSN(environment: env) }
        do { _ = try missing.resolvedDSN(environment: env) } catch { #expect("\(error)".contains("\(dir)/nope")) }
    }
}
