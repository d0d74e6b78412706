import ArgumentParser
import ControlModels
import Foundation
import HostCache
import HostServices

/// `dfs start` options for the default share and its access policy.
struct ShareServeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Name (export path) of the default share.", valueName: "name"))
    var share: String = Defaults.shareName

    @Flag(name: .long, help: "Serve the default share read-only.")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("Identity squashing for AUTH_SYS/AUTH_NONE callers: root (uid/gid 0 -> anonymous), all, or none.",
                                            valueName: "root|all|none"))
    var squash: String = Squash.root.rawValue

    @Option(name: .long, help: ArgumentHelp("Anonymous uid squashed callers get.", valueName: "uid"))
    var anonUid: UInt32 = SharePolicy.nobody

    @Option(name: .long, help: ArgumentHelp("Anonymous gid squashed callers get.", valueName: "gid"))
    var anonGid: UInt32 = SharePolicy.nobody

    @Option(name: .long, help: ArgumentHelp("Allow only this client address or CIDR block, IPv4 or IPv6 (repeatable; default: everyone).",
                                            valueName: "cidr"))
    var allowClient: [String] = []

    @Flag(name: .long, help: "Refuse AUTH_SYS/AUTH_NONE callers whose source port is 1024 or above (NFS 'secure').")
    var requirePrivilegedPort = false

    @Option(name: .long, help: ArgumentHelp("Threads that run blocking store operations (one share, or one payload store, uses at most three quarters of them at once).", valueName: "n"))
    var workers: Int = 8

    @Option(name: .long, help: ArgumentHelp("Put a write-back cache with a journal in this directory in front of the payload store (docs/CACHE.md).",
                                            valueName: "dir"))
    var cacheDir: String?

    @Option(name: .long, help: ArgumentHelp("Cache size in bytes (suffix K, M or G allowed); with --cache-dir.", valueName: "bytes"))
    var cacheSize: String = "1G"

    @Flag(name: .long, help: "With --cache-dir: COMMIT and FILE_SYNC wait until the data is in the payload store, not only in the local journal.")
    var cacheRemoteDurable = false

    /// `--cache-size` in bytes, nil when malformed.
    static func bytes(_ text: String) -> UInt64? { ByteCount.parse(text) }

    /// The cache of the default share, when `--cache-dir` is given.
    var cache: CacheOptions? {
        guard let cacheDir, let size = Self.bytes(cacheSize) else { return nil }
        return CacheOptions(directory: cacheDir, sizeBytes: size, remoteDurable: cacheRemoteDurable)
    }

    func validate() throws {
        guard Squash(rawValue: squash.lowercased()) != nil else {
            throw ValidationError("unknown --squash \"\(squash)\" (use root, all or none)")
        }
        do {
            _ = try ClientList(allowClient)
        } catch {
            throw ValidationError("--allow-client: \(error.message)")
        }
        guard (1...1024).contains(workers) else { throw ValidationError("--workers must be 1...1024") }
        guard !share.isEmpty else { throw ValidationError("--share must not be empty") }
        guard Self.bytes(cacheSize) != nil else { throw ValidationError("--cache-size \"\(cacheSize)\" is not a byte count (e.g. 512M)") }
        if cacheDir?.isEmpty == true { throw ValidationError("--cache-dir must not be empty") }
    }

    /// The policy the default share is served with.
    var policy: SharePolicy {
        SharePolicy(squash: Squash(rawValue: squash.lowercased()) ?? .root, anonUID: anonUid, anonGID: anonGid,
                    allowedClients: allowClient, requirePrivilegedPort: requirePrivilegedPort)
    }

    /// One line describing the policy.
    var policyLine: String {
        let clients = allowClient.isEmpty ? "every client" : "clients " + allowClient.joined(separator: ", ")
        return "policy: squash \(policy.squash), anonymous \(anonUid):\(anonGid), \(clients)"
            + (requirePrivilegedPort ? ", privileged ports only" : "") + (readOnly ? ", read-only" : "")
    }
}

/// `dfs start` options for the NFS adapter.
struct NFSServeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("NFS (and MOUNT) TCP port.", valueName: "port"))
    var nfsPort: Int = Defaults.nfsPort

    @Option(name: .long, help: ArgumentHelp("Address the NFS adapter listens on.", valueName: "address"))
    var nfsBind: String = Defaults.nfsBind

    @Flag(name: .long, help: "Do not start the NFS adapter.")
    var noNfs = false

    func validate() throws {
        guard (0...65535).contains(nfsPort) else { throw ValidationError("--nfs-port must be 0...65535") }
    }

    /// The adapter's settings JSON.
    var settingsJSON: String {
        let d: [String: Any] = ["port": nfsPort, "bind": nfsBind]
        let data = (try? JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
