import Foundation

/// Builds the C fixture libraries of Tests/Fixtures/plugins with the system
/// C compiler into a temporary directory, the way a third party would build
/// a plugin: against the public header only.
enum FixtureBuilder {
    static let repoRoot: String = {
        // .../Tests/HostPluginsTests/FixtureBuilder.swift -> repo root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()
    static let includeDir = repoRoot + "/Sources/PluginABI/include"
    static let fixtureDir = repoRoot + "/Tests/Fixtures/plugins"

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-loader-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    struct CompileError: Error, CustomStringConvertible {
        let description: String
    }

    /// Compile `source` (a file name in the fixture dir) into `dir/name` with
    /// extra `-D` flags; returns the library path.
    static func build(_ source: String, into dir: String, name: String, defines: [String] = []) throws -> String {
        let out = dir + "/" + name
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["cc", "-std=c11", "-Wall", "-Werror", "-Wno-unused-function", "-Wno-unused-const-variable", "-shared", "-fPIC", "-fvisibility=hidden",
                       "-I", includeDir] + defines.map { "-D" + $0 } + ["-o", out, fixtureDir + "/" + source]
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        let msg = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw CompileError(description: "cc failed for \(source) \(defines): \(msg)")
        }
        return out
    }
}
