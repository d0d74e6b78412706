import ArgumentParser
import ControlModels

/// `--port`, `--bind`, `--setting` of `adapter enable|update`.
struct AdapterConfigOptions: ParsableArguments {
    @Option(help: "TCP port to listen on.") var port: Int?
    @Option(help: ArgumentHelp("Address to listen on.", valueName: "addr")) var bind: String?
    @Option(name: .customLong("setting"),
            help: ArgumentHelp("A plugin setting KEY=VALUE (repeatable); VALUE is read as JSON when it is valid JSON, else as a string.",
                               valueName: "key=value"))
    var settings: [String] = []

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0...65535") }
    }

    func config() throws -> AdapterConfig {
        AdapterConfig(port: port, bind: bind, settings: try Inputs.settings(settings))
    }

    var isEmpty: Bool { port == nil && bind == nil && settings.isEmpty }
}

/// `dfsctl adapter ...`.
struct AdapterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter",
        abstract: "Enable, disable and configure protocol adapters (admin).",
        discussion: """
            Changes are applied live (the adapter restarts) and kept.

            Examples:
              dfsctl adapter list
              dfsctl adapter enable nfs --port 12049 --bind 0.0.0.0
              dfsctl adapter update nfs --setting workers=8
              dfsctl adapter disable nfs
            """,
        subcommands: [List.self, Get.self, Enable.self, Disable.self, Update.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the adapters.", discussion: "Example:\n  dfsctl adapter list -o yaml")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listAdapters(), as: out.output))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an adapter (with its runtime status in json/yaml).", discussion: "Example:\n  dfsctl adapter get nfs -o json")
        @Argument(help: "The adapter's type, e.g. nfs.") var type: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.getAdapter(type), as: out.output))
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enable and start an adapter.",
            discussion: "Examples:\n  dfsctl adapter enable nfs\n  dfsctl adapter enable nfs --port 12049 --bind 127.0.0.1 --setting workers=4")
        @Argument(help: "The adapter's type, e.g. nfs.") var type: String
        @OptionGroup var options: AdapterConfigOptions
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let body = try options.config()
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.enableAdapter(type, body), as: out.output))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop and disable an adapter.", discussion: "Example:\n  dfsctl adapter disable nfs")
        @Argument(help: "The adapter's type, e.g. nfs.") var type: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.disableAdapter(type), as: out.output))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an adapter's port, address or settings.",
            discussion: "Examples:\n  dfsctl adapter update nfs --port 2049\n  dfsctl adapter update nfs --setting workers=8")
        @Argument(help: "The adapter's type, e.g. nfs.") var type: String
        @OptionGroup var options: AdapterConfigOptions
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func validate() throws {
            if options.isEmpty { throw ValidationError("nothing to change: give --port, --bind or --setting") }
        }
        func run() async throws {
            let body = try options.config()
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.updateAdapter(type, body), as: out.output))
        }
    }
}
