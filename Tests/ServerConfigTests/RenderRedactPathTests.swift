import Foundation
import Testing
@testable import ServerConfig

@Suite struct RoundTrip {
    @Test func defaultsRoundTrip() throws {
        let d = ServerConfig.defaults(environment: plainEnv)
        #expect(try parse(d.render()) == d)
    }

    @Test func everyFieldChangedRoundTrips() throws {
        let c = ServerConfig(
            dataDir: "/srv/d f s/\"q\"\\", pluginDirs: ["/a", "~/b: c", "#not a comment", "ünï"], cacheDir: "/fast ssd/c",
            log: .init(level: .critical, format: .json, file: "/var/log/x.log"),
            database: .init(type: .postgres, path: "", dsn: "host=h password='a b' sslmode=disable\tx", dsnFile: "", schema: "s_1"),
            api: .init(bind: "::1", port: 1), metrics: .init(enabled: false, bind: "0.0.0.0", port: 65535),
            firstStart: .init(nfsPort: 0, nfsBind: "::", share: "/e x", metadata: "memory", payload: "memory"))
        let text = c.render()
        #expect(try parse(text) == c)
        #expect(text.contains("# trace, debug, info"))  // commented
    }

    @Test func valuesThatLookLikeOtherTypesStayStrings() throws {
        var c = ServerConfig.defaults(environment: plainEnv)
        c.dataDir = "true"; c.firstStart.metadata = "123"; c.firstStart.payload = "null"; c.log.file = "~"
        #expect(try parse(c.render()) == c)
    }

    @Test func controlCharactersAreEscaped() throws {
        var c = ServerConfig.defaults(environment: plainEnv)
        c.log.file = "/tmp/a\u{01}b\u{7F}\r"
        #expect(try parse(c.render()) == c)
    }

    @Test func jsonRoundTrip() throws {
        let c = try parse("api: {port: 1234}\nplugin_dirs: [/x]\n")
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(ServerConfig.self, from: data) == c)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"first_start\"") && text.contains("\"dsn_file\""))
    }
}

@Suite struct Redaction {
    @Test(arguments: [
        ("host=db password=secret user=u", "host=db password=******** user=u"),
        ("password = 'se cret' host=db", "password = ******** host=db"),
        ("PASSWORD='it\\'s' x=1", "PASSWORD=******** x=1"),
        ("postgres://u:secret@h:5432/db", "postgres://u:********@h:5432/db"),
        ("postgresql://u:p%40ss@h/db?sslmode=require", "postgresql://u:********@h/db?sslmode=require"),
        ("postgres://u@h/db?password=secret&x=1", "postgres://u@h/db?password=********&x=1"),
        ("postgres://u@h/db", "postgres://u@h/db"),
        ("host=db user=u", "host=db user=u"),
        ("", ""),
    ])
    func masksPasswords(_ input: String, _ expected: String) {
        #expect(ServerConfig.redactDSN(input) == expected)
    }

    @Test func redactedTouchesOnlyTheDSN() throws {
        let c = try parse("database: {type: postgres, dsn: 'host=h password=pw'}\n")
        let r = c.redacted()
        #expect(r.database.dsn == "host=h password=********")
        var back = r; back.database.dsn = c.database.dsn
        #expect(back == c)
        #expect(!r.render().contains("pw'") && !r.render().contains("password=pw"))
    }
}

@Suite struct PathsAndEnvironment {
    @Test func defaultPath() {
        #expect(ServerConfig.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/dfs/config.yaml")
        #expect(ServerConfig.defaultPath(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "/x"]) == "/x/dfs/config.yaml")
        #expect(ServerConfig.defaultPath(environment: ["HOME": "/h", "XDG_CONFIG_HOME": "/x", "DFS_CONFIG": "~/c.yaml"]) == "/h/c.yaml")
        #expect(ServerConfig.defaultPath(environment: ["HOME": "/h", "DFS_CONFIG": ""]) == "/h/.config/dfs/config.yaml")
    }

    @Test func dataDirEnvironment() throws {
        #expect(ServerConfig.defaultDataDir(environment: [:]) == "~/.local/share/dfs")
        #expect(ServerConfig.defaultDataDir(environment: ["XDG_DATA_HOME": "/xd"]) == "/xd/dfs")
        #expect(ServerConfig.defaultDataDir(environment: ["XDG_DATA_HOME": "/xd", "DFS_DATA_DIR": "/dd"]) == "/dd")
        // The environment sets the default; the file still wins.
        let env = ["HOME": "/h", "DFS_DATA_DIR": "/dd"]
        #expect(try parse("", env: env).dataDir == "/dd")
        #expect(try parse("data_dir: /file\n", env: env).dataDir == "/file")
    }

    @Test func tildeExpansion() {
        #expect(ServerConfig.expand("~", home: "/h") == "/h")
        #expect(ServerConfig.expand("~/x/y", home: "/h") == "/h/x/y")
        #expect(ServerConfig.expand("~other/x", home: "/h") == "~other/x")
        #expect(ServerConfig.expand("/a/~/b", home: "/h") == "/a/~/b")
        var c = ServerConfig.defaults(environment: plainEnv)
        #expect(c.dataDirectory(home: "/h") == "/h/.local/share/dfs")
        c.dataDir = "/abs"
        #expect(c.dataDirectory(home: "/h") == "/abs")
    }

    @Test func derivedPaths() {
        var c = ServerConfig.defaults(environment: plainEnv)
        c.dataDir = "/srv/dfs"
        #expect(c.dataDirectory == "/srv/dfs")
        #expect(c.databasePath == "/srv/dfs/control.db")
        #expect(c.pidFile == "/srv/dfs/dfs.pid")
        #expect(c.logFile == "/srv/dfs/logs/dfs.log")
        #expect(c.keyFile == "/srv/dfs/secrets/control.key")
        #expect(c.cacheDirectory == "/srv/dfs/cache")
        #expect(c.logDestination(daemonized: true) == "/srv/dfs/logs/dfs.log")
        #expect(c.logDestination(daemonized: false) == nil)
        c.database.path = "/db/c.db"; c.log.file = "/l/x.log"
        #expect(c.logDestination(daemonized: false) == "/l/x.log")
        #expect(c.databasePath == "/db/c.db")
        #expect(c.logFile == "/l/x.log")
        let home = ServerConfig.home(environment: ServerConfig.processEnvironment)
        c.dataDir = "~/d"; c.database.path = ""; c.log.file = ""; c.pluginDirs = ["~/p", "/q"]
        #expect(c.pidFile == home + "/d/dfs.pid")
        #expect(c.pluginDirectories == [home + "/p", "/q"])
        c.cacheDir = "~/c"
        #expect(c.cacheDirectory == home + "/c")
        c.cacheDir = "/nvme/dfs-cache"
        #expect(c.cacheDirectory == "/nvme/dfs-cache")
    }
}
