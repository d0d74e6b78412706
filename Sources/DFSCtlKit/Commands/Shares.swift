import ArgumentParser
import ControlModels

/// The access-policy options of `share create` and `share update`.
struct SharePolicyOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Refuse every write (default: writable).") var readOnly: Bool?
    @Option(help: "Identity squashing: none, root (default) or all.") var squash: SquashMode?
    @Option(help: "uid of squashed and anonymous callers (default 65534).") var anonUid: UInt32?
    @Option(help: "gid of squashed and anonymous callers (default 65534).") var anonGid: UInt32?
    @Option(name: .customLong("allow-client"),
            help: ArgumentHelp("A client address or CIDR block allowed to mount (repeatable; default: every client).", valueName: "addr"))
    var allowClients: [String] = []
    @Flag(inversion: .prefixedNo, help: "Only accept clients from source ports below 1024.") var requirePrivilegedPort: Bool?
    @Option(help: ArgumentHelp("Level of callers without a grant: none, read, read-write (default) or admin.", valueName: "level"))
    var defaultPermission: AccessLevel?
}

/// `dfsctl share ...`.
struct ShareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Manage shares and who may use them (admin).",
        discussion: """
            A share is an export path served by the enabled adapters, with a
            metadata store, a payload store (see `dfsctl store`) and a policy.

            Examples:
              dfsctl share create /export --metadata-store meta --payload-store blocks
              dfsctl share create /ro --metadata-store meta --payload-store blocks \\
                  --read-only --allow-client 10.0.0.0/8
              dfsctl share create /cloud --metadata-store meta --payload-store s3 \\
                  --cache-size 20G
              dfsctl share update /export --squash all --default-permission read
              dfsctl share permission grant /export --user alice --level read-write
              dfsctl share list
            """,
        subcommands: [Create.self, List.self, Get.self, Update.self, Delete.self, PermissionCommand.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a share.",
            discussion: """
                Examples:
                  dfsctl share create /export --metadata-store meta --payload-store blocks
                  dfsctl share create /lab --metadata-store meta --payload-store blocks \\
                      --squash all --anon-uid 1000 --anon-gid 1000 --allow-client 192.168.1.0/24
                  dfsctl share create /cloud --metadata-store meta --payload-store s3 \\
                      --cache-size 20G --remote-durable
                  dfsctl share create /team --metadata-store meta --payload-store blocks \\
                      --root-owner 1000:1000 --root-mode 2775

                With --cache-size, writes land in a journal on the server's disk
                (<cache_dir>/<share id>) and are uploaded to the payload store
                in the background; when the store is slow or down, clients are
                slowed down instead of failing. A share gets its cache at
                creation; its size and durability can change later (share update).
                """)
        @Argument(help: "The export path, e.g. /export.") var name: String
        @Option(help: ArgumentHelp("Name of the metadata store.", valueName: "name")) var metadataStore: String
        @Option(help: ArgumentHelp("Name of the payload store.", valueName: "name")) var payloadStore: String
        @OptionGroup var policy: SharePolicyOptions
        @Option(help: ArgumentHelp("Put a write-back cache of this size in front of the payload store (suffix K, M, G or T; at least 16M).",
                                   valueName: "bytes"))
        var cacheSize: String?
        @Flag(name: [.customLong("remote-durable"), .customLong("cache-remote-durable")],
              help: "With --cache-size: COMMIT waits until the data is in the payload store, not only in the cache's journal.")
        var remoteDurable = false
        @Option(help: ArgumentHelp("Owner of the share's root directory when it is created: uid or uid:gid (default 0:0).",
                                   valueName: "uid[:gid]"))
        var rootOwner: String?
        @Option(help: ArgumentHelp("Permission bits of the root directory when it is created, octal (default 755).", valueName: "octal"))
        var rootMode: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions

        func validate() throws {
            if remoteDurable && cacheSize == nil { throw ValidationError("--remote-durable needs --cache-size") }
            if let c = cacheSize, ByteCount.parse(c) == nil {
                throw ValidationError("--cache-size \"\(c)\" is not a byte count (e.g. 512M or 20G)")
            }
            if let o = rootOwner, Self.owner(o) == nil { throw ValidationError("--root-owner \"\(o)\" is not uid or uid:gid (e.g. 1000:1000)") }
            if let m = rootMode, Self.mode(m) == nil { throw ValidationError("--root-mode \"\(m)\" is not octal permission bits (0 to 7777)") }
        }

        /// "uid" or "uid:gid" (gid defaults to uid).
        static func owner(_ text: String) -> (uid: UInt32, gid: UInt32)? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let uid = UInt32(parts[0]) else { return nil }
            if parts.count == 1 { return (uid, uid) }
            guard let gid = UInt32(parts[1]) else { return nil }
            return (uid, gid)
        }

        /// Octal permission bits, 0...07777.
        static func mode(_ text: String) -> UInt32? {
            guard !text.isEmpty, text.count <= 5, let m = UInt32(text, radix: 8), m <= 0o7777 else { return nil }
            return m
        }

        func run() async throws {
            let s = try Session.open(global)
            let p = policy
            let body = ShareCreate(name: name, metadataStore: metadataStore, payloadStore: payloadStore, readOnly: p.readOnly,
                                   squash: p.squash, anonUid: p.anonUid, anonGid: p.anonGid,
                                   allowedClients: p.allowClients.isEmpty ? nil : p.allowClients,
                                   requirePrivilegedPort: p.requirePrivilegedPort, defaultPermission: p.defaultPermission,
                                   cache: cacheSize.flatMap(ByteCount.parse).map { ShareCache(sizeBytes: $0, remoteDurable: remoteDurable) },
                                   rootUid: rootOwner.flatMap(Self.owner)?.uid, rootGid: rootOwner.flatMap(Self.owner)?.gid,
                                   rootMode: rootMode.flatMap(Self.mode))
            Print.out(try Render.item(try await s.client.createShare(body), as: out.output))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shares.", discussion: "Examples:\n  dfsctl share list\n  dfsctl share list -o json")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listShares(), as: out.output))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a share.", discussion: "Example:\n  dfsctl share get /export -o yaml")
        @Argument(help: "The export path.") var name: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.getShare(name), as: out.output))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a share's policy or its cache's size (its stores cannot change).",
            discussion: """
                Only the options given change, at once for the clients. --allow-client
                replaces the list; --any-client allows every client again.

                A share with a cache can have it resized or switched between
                local and remote durability; a cache cannot be added to a share
                or removed from one. A smaller cache throttles writes until its
                dirty bytes fall below the new watermarks; nothing is dropped.

                Examples:
                  dfsctl share update /export --read-only
                  dfsctl share update /export --no-read-only --squash none
                  dfsctl share update /export --allow-client 10.0.0.0/8 --allow-client 127.0.0.1
                  dfsctl share update /export --any-client
                  dfsctl share update /cloud --cache-size 40G --remote-durable
                """)
        @Argument(help: "The export path.") var name: String
        @OptionGroup var policy: SharePolicyOptions
        @Flag(help: "Allow every client (clears the --allow-client list).") var anyClient = false
        @Option(help: ArgumentHelp("New size of the share's cache (suffix K, M, G or T; at least 16M).", valueName: "bytes"))
        var cacheSize: String?
        @Flag(inversion: .prefixedNo,
              help: "COMMIT waits until the data is in the payload store (share with a cache only).")
        var remoteDurable: Bool?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions

        func validate() throws {
            let p = policy
            if anyClient && !p.allowClients.isEmpty { throw ValidationError("give --allow-client or --any-client, not both") }
            if let c = cacheSize, ByteCount.parse(c) == nil {
                throw ValidationError("--cache-size \"\(c)\" is not a byte count (e.g. 512M or 20G)")
            }
            if p.readOnly == nil, p.squash == nil, p.anonUid == nil, p.anonGid == nil, p.allowClients.isEmpty, !anyClient,
               p.requirePrivilegedPort == nil, p.defaultPermission == nil, cacheSize == nil, remoteDurable == nil {
                throw ValidationError("nothing to change: give at least one option")
            }
        }

        func run() async throws {
            let s = try Session.open(global)
            let p = policy
            let body = ShareUpdate(readOnly: p.readOnly, squash: p.squash, anonUid: p.anonUid, anonGid: p.anonGid,
                                   allowedClients: anyClient ? [] : (p.allowClients.isEmpty ? nil : p.allowClients),
                                   requirePrivilegedPort: p.requirePrivilegedPort, defaultPermission: p.defaultPermission,
                                   cache: cacheSize == nil && remoteDurable == nil ? nil
                                       : ShareCacheUpdate(sizeBytes: cacheSize.flatMap(ByteCount.parse), remoteDurable: remoteDurable))
            Print.out(try Render.item(try await s.client.updateShare(name, body), as: out.output))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a share.", discussion: "Example:\n  dfsctl share delete /export")
        @Argument(help: "The export path.") var name: String
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let s = try Session.open(global)
            try await s.client.deleteShare(name)
            Print.out("Deleted share \(name).")
        }
    }
}

/// A user or a group, from `--user NAME` or `--group NAME`.
struct PrincipalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A user.", valueName: "name")) var user: String?
    @Option(help: ArgumentHelp("A group.", valueName: "name")) var group: String?

    func validate() throws {
        if (user == nil) == (group == nil) { throw ValidationError("give exactly one of --user or --group") }
    }

    var kind: PrincipalKind { user != nil ? .user : .group }
    var name: String { user ?? group ?? "" }
}

/// `dfsctl share permission grant|revoke|list`.
struct PermissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permission",
        abstract: "Grant and revoke users' and groups' access to a share.",
        discussion: """
            Levels: none < read < read-write < admin. A caller gets the highest
            of its own grant and its groups' grants, else the share's default.

            Examples:
              dfsctl share permission grant /export --user alice --level read-write
              dfsctl share permission grant /export --group staff --level read
              dfsctl share permission revoke /export --user alice
              dfsctl share permission list /export
            """,
        subcommands: [Grant.self, Revoke.self, List.self]
    )

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant a level (replaces the principal's earlier grant).",
            discussion: "Example:\n  dfsctl share permission grant /export --user alice --level read-write")
        @Argument(help: "The export path.") var share: String
        @OptionGroup var principal: PrincipalOptions
        @Option(help: "none, read, read-write or admin.") var level: AccessLevel
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            let all = try await s.client.grant(share: share, Permission(kind: principal.kind, principal: principal.name, level: level))
            Print.out(try Render.list(all, as: out.output))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a user's or group's grant.", discussion: "Example:\n  dfsctl share permission revoke /export --group staff")
        @Argument(help: "The export path.") var share: String
        @OptionGroup var principal: PrincipalOptions
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let s = try Session.open(global)
            try await s.client.revoke(share: share, kind: principal.kind, principal: principal.name)
            Print.out("Revoked \(principal.kind.rawValue) \(principal.name) on \(share).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a share's grants.", discussion: "Example:\n  dfsctl share permission list /export -o json")
        @Argument(help: "The export path.") var share: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listPermissions(share: share), as: out.output))
        }
    }
}
