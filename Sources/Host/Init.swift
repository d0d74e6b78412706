import ArgumentParser
import Foundation
import HostAdmin
import ServerConfig

/// `dfs init`: write a configuration file to start from.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a configuration file (then run `dfs start`).",
        discussion: """
        Writes the configuration with the defaults and the values given here, with a comment \
        above every key (see docs/CONFIGURATION.md). The file is created with mode 0600 (it may \
        hold a database password), its folder with mode 0700. An existing file is kept unless \
        --force is given.

        Examples:
          dfs init
          dfs init --data-dir /srv/dfs --api-port 8081
          dfs init --database postgres --dsn 'host=db dbname=dfs user=dfs password=...'
          dfs init --config /etc/dfs/config.yaml --force
        """
    )

    @OptionGroup var location: ConfigLocation

    @Option(name: .long, help: ArgumentHelp("Data directory (default: $DFS_DATA_DIR, else ~/.local/share/dfs).", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("Port of the REST API (default: 8080).", valueName: "port"))
    var apiPort: Int?

    @Option(name: .long, help: ArgumentHelp("Control database: sqlite or postgres (default: sqlite).", valueName: "type"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("PostgreSQL connection string (with --database postgres).", valueName: "dsn"))
    var dsn: String?

    @Flag(name: .long, help: "Overwrite an existing file.")
    var force = false

    func validate() throws {
        if let database, ServerConfig.Database.Kind(rawValue: database.lowercased()) == nil {
            throw ValidationError("--database must be sqlite or postgres, not \"\(database)\"")
        }
        if let apiPort, !(1...65535).contains(apiPort) {
            throw ValidationError("--api-port \(apiPort) is out of range (1...65535)")
        }
        let kind = database.flatMap { ServerConfig.Database.Kind(rawValue: $0.lowercased()) } ?? .sqlite
        if dsn != nil, kind != .postgres { throw ValidationError("--dsn needs --database postgres") }
        if kind == .postgres, (dsn ?? "").isEmpty, (ProcessInfo.processInfo.environment["DFS_DATABASE_DSN"] ?? "").isEmpty {
            throw ValidationError("--database postgres needs --dsn (or $DFS_DATABASE_DSN when dfs starts)")
        }
    }

    func run() throws {
        var c = ServerConfig.defaults()
        if let dataDir {
            // Stored absolute: the file is read from any working directory.
            c.dataDir = dataDir.hasPrefix("/") || dataDir.hasPrefix("~")
                ? dataDir : URL(fileURLWithPath: dataDir).standardizedFileURL.path
        }
        if let apiPort { c.api.port = apiPort }
        if let database { c.database.type = ServerConfig.Database.Kind(rawValue: database.lowercased())! }
        if let dsn { c.database.dsn = dsn }
        // What is written must read back: check it the way `dfs start` will.
        do {
            _ = try ServerConfig.parse(yaml: c.render(), source: location.path)
        } catch {
            fail("\(error)")
        }
        let path = location.path
        do {
            try ConfigWriter.write(c, to: path, force: force)
        } catch {
            fail("\(error)")
        }
        let database = c.database.type == .sqlite
            ? "sqlite at \(c.databasePath)"
            : "postgres \(ServerConfig.redactDSN(c.database.dsn.isEmpty ? "$DFS_DATABASE_DSN" : c.database.dsn)) (schema \(c.database.schema))"
        print("""
        wrote \(path) (mode 0600)
          data_dir:  \(c.dataDirectory)
          database:  \(database)
          api:       http://\(c.api.bind):\(c.api.port)
          metrics:   http://\(c.metrics.bind):\(c.metrics.port)/metrics
          first run: share \(c.firstStart.share) over NFS on port \(c.firstStart.nfsPort)
        next: dfs start\(location.config == nil ? "" : " --config \(path)")
        """)
    }
}
