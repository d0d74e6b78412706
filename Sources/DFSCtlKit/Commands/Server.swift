import ArgumentParser
import ControlModels

/// `dfsctl plugin list|rescan`.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Show the loaded plugins, or look for new ones (admin).",
        discussion: "Examples:\n  dfsctl plugin list\n  dfsctl plugin rescan",
        subcommands: [List.self, Rescan.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the loaded plugins.", discussion: "Example:\n  dfsctl plugin list -o json")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listPlugins(), as: out.output))
        }
    }

    struct Rescan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan the plugin folders again: load new plugins, show refused files.",
            discussion: "Example:\n  dfsctl plugin rescan")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.rescan(try await s.client.rescanPlugins(), as: out.output))
        }
    }
}

/// `dfsctl settings list|get|set`.
struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show and change server settings (admin).",
        discussion: "Examples:\n  dfsctl settings list\n  dfsctl settings get KEY\n  dfsctl settings set KEY VALUE",
        subcommands: [List.self, Get.self, Set.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the settings.", discussion: "Example:\n  dfsctl settings list -o yaml")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listSettings(), as: out.output))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a setting.", discussion: "Example:\n  dfsctl settings get KEY")
        @Argument(help: "The setting's key.") var key: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.getSetting(key), as: out.output))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a setting.", discussion: "Example:\n  dfsctl settings set KEY VALUE")
        @Argument(help: "The setting's key.") var key: String
        @Argument(help: "The new value.") var value: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.setSetting(key, value), as: out.output))
        }
    }
}

/// `dfsctl status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the server's version, uptime, shares and adapters (admin).",
        discussion: "Examples:\n  dfsctl status\n  dfsctl status -o json"
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var out: OutputOptions
    func run() async throws {
        let s = try Session.open(global)
        Print.out(try Render.status(try await s.client.status(), as: out.output))
    }
}
