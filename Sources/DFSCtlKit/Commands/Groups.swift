import ArgumentParser
import ControlModels

/// `dfsctl group ...`.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Manage groups (admin).",
        discussion: """
            Examples:
              dfsctl group create staff --gid 100
              dfsctl group add-member staff alice
              dfsctl group list
              dfsctl group remove-member staff alice
            """,
        subcommands: [Create.self, List.self, Get.self, Update.self, Delete.self, AddMember.self, RemoveMember.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a group (gid defaults to the next free id from 1000).",
            discussion: "Examples:\n  dfsctl group create staff\n  dfsctl group create dev --gid 2000")
        @Argument(help: "The group's name.") var name: String
        @Option(help: "POSIX group id.") var gid: UInt32?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.createGroup(GroupCreate(name: name, gid: gid)), as: out.output))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the groups.", discussion: "Examples:\n  dfsctl group list\n  dfsctl group list -o yaml")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listGroups(), as: out.output))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a group.", discussion: "Example:\n  dfsctl group get staff -o json")
        @Argument(help: "The group's name.") var name: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.getGroup(name), as: out.output))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a group's gid.", discussion: "Example:\n  dfsctl group update staff --gid 101")
        @Argument(help: "The group's name.") var name: String
        @Option(help: "New POSIX group id.") var gid: UInt32
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.updateGroup(name, GroupUpdate(gid: gid)), as: out.output))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group.", discussion: "Example:\n  dfsctl group delete staff")
        @Argument(help: "The group's name.") var name: String
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let s = try Session.open(global)
            try await s.client.deleteGroup(name)
            Print.out("Deleted group \(name).")
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-member", abstract: "Add a user to a group.", discussion: "Example:\n  dfsctl group add-member staff alice")
        @Argument(help: "The group's name.") var group: String
        @Argument(help: "The user's name.") var user: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.addMember(group: group, user: user), as: out.output))
        }
    }

    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-member", abstract: "Remove a user from a group.",
            discussion: "Example:\n  dfsctl group remove-member staff alice")
        @Argument(help: "The group's name.") var group: String
        @Argument(help: "The user's name.") var user: String
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.item(try await s.client.removeMember(group: group, user: user), as: out.output))
        }
    }
}
