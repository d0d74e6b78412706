import ArgumentParser
@testable import DFSCtlKit
import Testing

/// Every command has a help text with examples that fit 80 columns.
@Suite struct HelpTests {
    /// Every command type in the tree, with its path.
    static func tree(_ type: ParsableCommand.Type = DFSCtl.self, _ path: [String] = []) -> [(String, ParsableCommand.Type)] {
        let name = type.configuration.commandName ?? String(describing: type).lowercased()
        let here = path + [name]
        return [(here.joined(separator: " "), type)] + type.configuration.subcommands.flatMap { tree($0, here) }
    }

    @Test func treeIsComplete() {
        let names = Set(Self.tree().map(\.0))
        for expected in ["dfsctl login", "dfsctl logout", "dfsctl context use", "dfsctl user passwd", "dfsctl group add-member",
                         "dfsctl share permission grant", "dfsctl store metadata add", "dfsctl store payload remove",
                         "dfsctl adapter enable", "dfsctl plugin rescan", "dfsctl settings set", "dfsctl status", "dfsctl completion"] {
            #expect(names.contains(expected), "\(expected)")
        }
        #expect(names.count == 59)
    }

    @Test func everyCommandHasExamplesThatFit() {
        for (path, type) in Self.tree() {
            let d = type.configuration.discussion
            #expect(d.contains("Example"), "\(path) has no example")
            for line in d.split(separator: "\n") {
                #expect(line.count <= 80, "\(path): \(line)")
            }
            let help = DFSCtl.helpMessage(for: type, columns: 80)
            #expect(help.contains("USAGE: \(path)"), "\(path)")
        }
    }
}
