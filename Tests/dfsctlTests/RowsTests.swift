import ControlModels
@testable import DFSCtlKit
import Testing

/// The table row of every document: as many cells as headers, and the
/// values a person looks for.
@Suite struct RowsTests {
    func check<T: TableRow>(_ item: T, _ expected: [String]) {
        #expect(item.tableCells.count == T.tableHeaders.count, "\(T.self)")
        #expect(item.tableCells == expected, "\(T.self)")
    }

    @Test func everyDocument() {
        check(User(name: "a", uid: 1, gid: 2, groups: [], role: .admin), ["a", "1", "2", "admin", "-", "-"])
        check(Group(name: "g", gid: 5, members: ["a", "b"]), ["g", "5", "a,b"])
        check(Share(name: "/e", metadataStore: "m", payloadStore: "p", readOnly: true, squash: .all, anonUid: 7, anonGid: 8,
                    allowedClients: ["10.0.0.0/8", "::1"], requirePrivilegedPort: true, defaultPermission: .none),
              ["/e", "m", "p", "-", "true", "all", "7:8", "none", "10.0.0.0/8,::1", "true"])
        check(Share(name: "/e", metadataStore: "m", payloadStore: "p"),
              ["/e", "m", "p", "-", "false", "root", "65534:65534", "read-write", "any", "false"])
        check(Share(name: "/c", metadataStore: "m", payloadStore: "s3", cache: ShareCache(sizeBytes: 20 << 30, remoteDurable: true)),
              ["/c", "m", "s3", "20G remote-durable", "false", "root", "65534:65534", "read-write", "any", "false"])
        check(Share(name: "/c", metadataStore: "m", payloadStore: "s3", cache: ShareCache(sizeBytes: (1 << 30) + (512 << 20))),
              ["/c", "m", "s3", "1536M", "false", "root", "65534:65534", "read-write", "any", "false"])
        check(Permission(kind: .group, principal: "staff", level: .admin), ["group", "staff", "admin"])
        check(Store(name: "s", kind: .payload, type: "fs", config: .object(["path": .string("/b")]), status: "error: gone", usedBy: []),
              ["s", "payload", "fs", "error: gone", "-", #"{"path":"/b"}"#])
        check(Adapter(type: "nfs", enabled: false, port: 0, bind: "::", settings: .object(["w": .int(2)]), status: "stopped"),
              ["nfs", "false", "0", "::", "stopped", #"{"w":2}"#])
        check(Plugin(kind: "adapter", name: "nfs", version: "0.1", abi: "1.0", capabilities: ["v3", "mount"], file: "/p/n.so"),
              ["adapter", "nfs", "0.1", "1.0", "v3,mount", "/p/n.so"])
        check(Setting(key: "k", value: "", description: nil), ["k", "", "-"])
        check(ContextRow(name: "c", context: Context(server: "http://h:1", username: "u", role: .user), current: true),
              ["*", "c", "http://h:1", "u", "user", "no"])
    }

    @Test func emptyValueShowsAsDash() {
        #expect(Table.render(headers: ["KEY", "VALUE", "DESCRIPTION"], rows: [Setting(key: "k", value: "").tableCells])
            == "KEY  VALUE  DESCRIPTION\nk    -      -\n")
    }

    @Test func jsonTextEscapes() {
        #expect(JSONText.pretty(.object(["q": .string("a\"b\\c\n/é"), "e": .array([]), "n": .null, "d": .double(0.5)]))
            == "{\n  \"d\": 0.5,\n  \"e\": [],\n  \"n\": null,\n  \"q\": \"a\\\"b\\\\c\\n/é\"\n}\n")
    }
}
