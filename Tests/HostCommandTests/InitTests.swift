import Foundation
import Testing
@testable import HostAdmin
import ServerConfig

@Suite struct Writing {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func writesPrivateFileAndFolder() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let path = t.file("etc/dfs/config.yaml")
        var c = ServerConfig.defaults(environment: ["HOME": "/h"])
        c.api.port = 8181
        try ConfigWriter.write(c, to: path, force: false)
        #expect(try mode(path) == 0o600)
        #expect(try mode(t.file("etc/dfs")) == 0o700)
        #expect(try mode(t.file("etc")) == 0o700)
        #expect(try ServerConfig.load(path: path, environment: ["HOME": "/h"]) == c)
        // No temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.file("etc/dfs")) == ["config.yaml"])
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let path = t.file("config.yaml")
        try "keep: me\n".write(toFile: path, atomically: true, encoding: .utf8)
        let c = ServerConfig.defaults(environment: ["HOME": "/h"])
        #expect(throws: ConfigWriter.Failure(description: "\(path) already exists; use --force to overwrite it")) {
            try ConfigWriter.write(c, to: path, force: false)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep: me\n")
        try ConfigWriter.write(c, to: path, force: true)
        #expect(try ServerConfig.load(path: path, environment: ["HOME": "/h"]) == c)
        #expect(try mode(path) == 0o600)
        #expect(throws: ConfigWriter.Failure.self) { try ConfigWriter.write(c, to: t.path, force: true) }
    }
}
