import ArgumentParser
import ControlModels

/// Which kind a `store <kind> ...` command works on.
protocol StoreKindTag { static var kind: StoreKind { get } }
enum MetadataTag: StoreKindTag { static var kind: StoreKind { .metadata } }
enum PayloadTag: StoreKindTag { static var kind: StoreKind { .payload } }

/// `dfsctl store metadata|payload ...`.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Manage the named metadata and payload stores shares use (admin).",
        discussion: """
            A store is an opened instance of a store plugin (see `dfsctl plugin
            list`) with its configuration; the server validates it by opening it.

            Examples:
              dfsctl store metadata add meta --type badgerlike \\
                  --config '{"path":"/srv/dfs/meta"}'
              dfsctl store metadata add pg --type postgres --config-file pg.json
              dfsctl store payload add blocks --type fs --config '{"path":"/srv/dfs/p"}'
              dfsctl store payload list
              dfsctl store metadata remove meta
            """,
        subcommands: [KindCommand<MetadataTag>.self, KindCommand<PayloadTag>.self]
    )
}

/// `dfsctl store <kind>`.
struct KindCommand<K: StoreKindTag>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: K.kind.rawValue,
            abstract: "Manage the \(K.kind.rawValue) stores.",
            discussion: "Examples:\n  dfsctl store \(K.kind.rawValue) list\n  dfsctl store \(K.kind.rawValue) add --help",
            subcommands: [StoreAdd<K>.self, StoreList<K>.self, StoreGet<K>.self, StoreRemove<K>.self])
    }
}

struct StoreAdd<K: StoreKindTag>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let example = K.kind == .metadata
            ? "dfsctl store metadata add meta --type badgerlike \\\n      --config '{\"path\":\"/srv/dfs/meta\"}'"
            : "dfsctl store payload add blocks --type fs --config '{\"path\":\"/srv/dfs/p\"}'"
        return CommandConfiguration(
            commandName: "add",
            abstract: "Add a \(K.kind.rawValue) store (opened and checked by the server).",
            discussion: "Examples:\n  \(example)\n  dfsctl store \(K.kind.rawValue) add mine --type memory\n"
                + "  dfsctl store \(K.kind.rawValue) add other --type TYPE --config-file config.json")
    }
    @Argument(help: "The store's name.") var name: String
    @Option(help: ArgumentHelp("The store plugin's name (e.g. badgerlike, postgres, memory, fs).", valueName: "plugin")) var type: String
    @Option(help: ArgumentHelp("The plugin configuration as a JSON object.", valueName: "json")) var config: String?
    @Option(help: ArgumentHelp("Read the configuration from a JSON file.", valueName: "file")) var configFile: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var out: OutputOptions

    func validate() throws {
        if config != nil && configFile != nil { throw ValidationError("give --config or --config-file, not both") }
    }

    func run() async throws {
        let cfg = try Inputs.jsonConfig(text: config, file: configFile)
        let s = try Session.open(global)
        Print.out(try Render.item(try await s.client.createStore(K.kind, StoreCreate(name: name, type: type, config: cfg)), as: out.output))
    }
}

struct StoreList<K: StoreKindTag>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: "List the \(K.kind.rawValue) stores.",
                             discussion: "Example:\n  dfsctl store \(K.kind.rawValue) list -o yaml")
    }
    @OptionGroup var global: GlobalOptions
    @OptionGroup var out: OutputOptions
    func run() async throws {
        let s = try Session.open(global)
        Print.out(try Render.list(try await s.client.listStores(K.kind), as: out.output))
    }
}

struct StoreGet<K: StoreKindTag>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "get", abstract: "Show a \(K.kind.rawValue) store (secrets masked).",
                             discussion: "Example:\n  dfsctl store \(K.kind.rawValue) get NAME -o json")
    }
    @Argument(help: "The store's name.") var name: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var out: OutputOptions
    func run() async throws {
        let s = try Session.open(global)
        Print.out(try Render.item(try await s.client.getStore(K.kind, name), as: out.output))
    }
}

struct StoreRemove<K: StoreKindTag>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "remove", abstract: "Remove a \(K.kind.rawValue) store (refused while a share uses it).",
                             discussion: "Example:\n  dfsctl store \(K.kind.rawValue) remove NAME")
    }
    @Argument(help: "The store's name.") var name: String
    @OptionGroup var global: GlobalOptions
    func run() async throws {
        let s = try Session.open(global)
        try await s.client.deleteStore(K.kind, name)
        Print.out("Removed \(K.kind.rawValue) store \(name).")
    }
}
