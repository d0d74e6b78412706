import ArgumentParser
import ControlModels

/// `dfsctl user ...`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users (admin), or change your own password.",
        discussion: """
            Examples:
              dfsctl user create alice --uid 1001 --group staff
              dfsctl user list
              dfsctl user get alice -o yaml
              dfsctl user update alice --role admin
              echo "$NEWPASS" | dfsctl user update alice --password-stdin
              dfsctl user passwd
              dfsctl user delete alice
            """,
        subcommands: [Create.self, List.self, Get.self, Update.self, Delete.self, Passwd.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user (asks for the password, or --password-stdin).",
            discussion: """
                The uid defaults to the next free id from 1000, the gid to the uid.

                Examples:
                  dfsctl user create alice
                  dfsctl user create bob --uid 1002 --gid 100 --group staff \\
                      --email bob@example.org
                  echo "$PASS" | dfsctl user create ci --role admin --password-stdin
                """)
        @Argument(help: "The user's name.") var name: String
        @Option(help: "POSIX user id.") var uid: UInt32?
        @Option(help: "POSIX primary group id.") var gid: UInt32?
        @Option(name: .customLong("group"), help: ArgumentHelp("A group to be a member of (repeatable).", valueName: "name"))
        var groups: [String] = []
        @Option(help: "E-mail address.") var email: String?
        @Option(help: "Role: admin or user (default user).") var role: Role?
        @Flag(help: "Read the password from one line of standard input.") var passwordStdin = false
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions

        func run() async throws {
            let s = try Session.open(global)
            let password = try Passwords.read(prompt: "Password for \(name)", fromStdin: passwordStdin, confirm: true)
            let body = UserCreate(name: name, password: password, uid: uid, gid: gid, groups: groups.isEmpty ? nil : groups,
                                  email: email, role: role)
            Print.out(try Render.item(try await s.client.createUser(body), as: out.output))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the users.", discussion: "Examples:\n  dfsctl user list\n  dfsctl user list -o json")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            Print.out(try Render.list(try await s.client.listUsers(), as: out.output))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a user; without a name, yourself.",
            discussion: "Examples:\n  dfsctl user get alice\n  dfsctl user get -o yaml")
        @Argument(help: "The user's name (default: the logged-in user).") var name: String?
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let s = try Session.open(global)
            let user = if let name { try await s.client.getUser(name) } else { try await s.client.me() }
            Print.out(try Render.item(user, as: out.output))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a user (admin); --password or --password-stdin resets the password.",
            discussion: """
                --group replaces the user's groups (repeat it for several;
                --no-groups removes them all).

                Examples:
                  dfsctl user update alice --email alice@example.org --role admin
                  dfsctl user update alice --group staff --group dev
                  echo "$NEWPASS" | dfsctl user update alice --password-stdin
                """)
        @Argument(help: "The user's name.") var name: String
        @Option(help: "POSIX user id.") var uid: UInt32?
        @Option(help: "POSIX primary group id.") var gid: UInt32?
        @Option(name: .customLong("group"), help: ArgumentHelp("The groups to be a member of (repeatable).", valueName: "name"))
        var groups: [String] = []
        @Flag(help: "Remove the user from every group.") var noGroups = false
        @Option(help: "E-mail address.") var email: String?
        @Option(help: "Role: admin or user.") var role: Role?
        @Flag(help: "Ask for a new password (no echo).") var password = false
        @Flag(help: "Read a new password from one line of standard input.") var passwordStdin = false
        @OptionGroup var global: GlobalOptions
        @OptionGroup var out: OutputOptions

        func validate() throws {
            if !groups.isEmpty && noGroups { throw ValidationError("give --group or --no-groups, not both") }
            if password && passwordStdin { throw ValidationError("give --password or --password-stdin, not both") }
            if uid == nil, gid == nil, groups.isEmpty, !noGroups, email == nil, role == nil, !password, !passwordStdin {
                throw ValidationError("nothing to change: give at least one option")
            }
        }

        func run() async throws {
            let s = try Session.open(global)
            var body = UserUpdate(uid: uid, gid: gid, groups: noGroups ? [] : (groups.isEmpty ? nil : groups), email: email, role: role)
            if password || passwordStdin {
                body.password = try Passwords.read(prompt: "New password for \(name)", fromStdin: passwordStdin, confirm: true)
            }
            Print.out(try Render.item(try await s.client.updateUser(name, body), as: out.output))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a user.", discussion: "Example:\n  dfsctl user delete alice")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let s = try Session.open(global)
            try await s.client.deleteUser(name)
            Print.out("Deleted user \(name).")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change your own password.",
            discussion: """
                Asks for the current and the new password (twice) without echo;
                --password-stdin reads two lines instead: the current password,
                then the new one. The change ends every session of yours (on
                every client); this context logs in again with the new password.

                Examples:
                  dfsctl user passwd
                  printf '%s\\n%s\\n' "$OLD" "$NEW" | dfsctl user passwd --password-stdin
                """)
        @Flag(help: "Read the current and the new password from two lines of standard input.") var passwordStdin = false
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let s = try Session.open(global)
            let current = try Passwords.read(prompt: "Current password", fromStdin: passwordStdin)
            let new = try Passwords.read(prompt: "New password", fromStdin: passwordStdin, confirm: true)
            // The context names its user; only a context saved without one asks the server.
            let me: String
            if let name = s.username { me = name } else { me = try await s.client.me().name }
            try await s.client.changeOwnPassword(PasswordChange(currentPassword: current, newPassword: new))
            try s.keep(try await s.client.login(LoginRequest(username: me, password: new)))
            Print.out("Password changed; every other session of \(me) has ended.")
        }
    }
}
