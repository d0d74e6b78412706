import Foundation
import HostPlugins
import PluginABI
import Testing

/// The built plugin (libPayloadS3.so) loaded like the host loads it: its
/// descriptor, and errors reaching the host as ABI statuses and messages.
@Suite("PayloadS3 through the ABI")
struct PluginABITests {
    static let registry = PluginRegistry()
    static let dir = ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."

    func plugin() throws -> LoadedPlugin { try Self.registry.load(path: Self.dir + "/libPayloadS3.so") }

    func openError(_ config: String) throws -> DFSError? {
        do {
            let s = try PayloadStore(plugin: plugin(), config: config)
            s.close()
            return nil
        } catch let e as DFSError {
            return e
        }
    }

    @Test func descriptor() throws {
        let p = try plugin()
        #expect(p.name == "s3")
        #expect(p.has(DFS_CAP_PERSISTENT | DFS_CAP_DURABLE | DFS_PAYLOAD_CAP_RANGE_GET))
        #expect(!p.has(DFS_CAP_NONBLOCKING))
    }

    @Test func configErrorsAreInval() throws {
        let e = try #require(try openError(#"{"bucket":"abc","access_key_id":"k","secret_access_key":"s","nope":1}"#))
        #expect(e.status == .inval && e.message.contains("\"nope\""), "\(e)")
        let u = try #require(try openError(#"{"bucket":"abc","endpoint":"ftp://x","access_key_id":"k","secret_access_key":"s"}"#))
        #expect(u.status == .inval && u.message.contains("\"endpoint\""), "\(u)")
    }

    @Test(.enabled(if: Moto.enabled, "needs moto (DFS_TEST_S3_ENDPOINT)"))
    func serviceErrorsCrossTheABI() throws {
        let denied = try #require(try openError(Moto.json(secret: "wrong")))
        #expect(denied.status == .access && denied.message.contains("SignatureDoesNotMatch"), "\(denied)")
        let missing = try #require(try openError(Moto.json(bucket: "no-such-bucket-dfs")))
        #expect(missing.status == .inval && missing.message.contains("does not exist"), "\(missing)")
    }
}
