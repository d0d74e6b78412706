extension ServerConfig {
    /// The configuration as commented YAML (what `dfs init` writes).
    /// ``parse(yaml:source:environment:)`` of the result gives back an equal value.
    public func render() -> String {
        let q = Self.quote
        let dirs = pluginDirs.isEmpty ? "[]" : "\n" + pluginDirs.map { "  - \(q($0))" }.joined(separator: "\n")
        return """
        # DittoFS server configuration (dfs start). Every key is optional; a key left
        # out takes the default shown in docs/CONFIGURATION.md. Stores, shares and
        # adapters are not configured here: they live in the control database and are
        # changed through the REST API (dfsctl).

        # Where dfs keeps its data: control database, pid file, logs, secrets, and
        # the embedded stores. "~" is expanded; $DFS_DATA_DIR sets the default.
        data_dir: \(q(dataDir))

        # Extra folders scanned for plugins (besides <data_dir>/plugins and the
        # folder of the dfs binary).
        plugin_dirs: \(dirs)

        # Where shares with a write-back cache keep it, one folder per share
        # ("" = <data_dir>/cache). Put it on a fast local disk with room for the
        # cache sizes of the shares (dfsctl share create --cache-size).
        cache_dir: \(q(cacheDir))

        log:
          # trace, debug, info, notice, warning, error or critical
          level: \(log.level.rawValue)
          # text or json; each line starts with an ISO-8601 timestamp
          format: \(log.format.rawValue)
          # "" = <data_dir>/logs/dfs.log when daemonized, stderr in the foreground
          file: \(q(log.file))

        # The control database: stores, shares, adapters, users, settings.
        database:
          # sqlite or postgres
          type: \(database.type.rawValue)
          # sqlite: the database file ("" = <data_dir>/control.db)
          path: \(q(database.path))
          # postgres: connection string, or a file holding it (dsn_file), or
          # $DFS_DATABASE_DSN when both are empty
          dsn: \(q(database.dsn))
          dsn_file: \(q(database.dsnFile))
          schema: \(q(database.schema))

        # The REST API (and /health, /health/ready) used by dfsctl and dfs status.
        api:
          bind: \(q(api.bind))
          port: \(api.port)

        # Prometheus metrics at http://<bind>:<port>/metrics.
        metrics:
          enabled: \(metrics.enabled)
          bind: \(q(metrics.bind))
          port: \(metrics.port)

        # What the first start creates in an empty control database: one share
        # served over NFSv3 (MOUNT on the same port). Ignored afterwards.
        first_start:
          # 0 picks a free port
          nfs_port: \(firstStart.nfsPort)
          nfs_bind: \(q(firstStart.nfsBind))
          share: \(q(firstStart.share))
          # metadata and payload store plugins (see `dfs plugins`)
          metadata: \(q(firstStart.metadata))
          payload: \(q(firstStart.payload))

        """
    }

    /// A YAML double-quoted scalar: always a string, whatever it contains.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\x" + (u.value < 0x10 ? "0" : "") + String(u.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
