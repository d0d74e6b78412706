import ControlModels
@testable import DFSCtlKit
import Foundation
import Testing

@Suite struct OutputTests {
    let users = [
        User(name: "alice", uid: 1001, gid: 1001, groups: ["staff", "dev"], email: "a@x.org", role: .user),
        User(name: "root-admin", uid: 0, gid: 0, role: .admin),
    ]

    @Test func tableColumnsAreAligned() throws {
        let text = try Render.list(users, as: .table)
        #expect(text == """
            NAME        UID   GID   ROLE   GROUPS     EMAIL
            alice       1001  1001  user   staff,dev  a@x.org
            root-admin  0     0     admin  -          -

            """)
    }

    @Test func emptyListIsTheHeader() throws {
        #expect(try Render.list([Group](), as: .table) == "NAME  GID  MEMBERS\n")
        #expect(try Render.list([Group](), as: .json) == "[]\n")
        #expect(try Render.list([Group](), as: .yaml) == "[]\n")
    }

    @Test func cellsStayOnOneLine() {
        #expect(Table.render(headers: ["A", "B"], rows: [["x\ny", ""]]) == "A    B\nx y  -\n")
    }

    @Test func jsonIsTheContractDocument() throws {
        let text = try Render.item(users[0], as: .json)
        let back = try JSONDecoder().decode(User.self, from: Data(text.utf8))
        #expect(back == users[0])
        #expect(text.contains("\"groups\": [\n    \"staff\",") && text.hasSuffix("}\n"))
    }

    @Test func yamlOfAList() throws {
        #expect(try Render.list(users, as: .yaml) == """
            - email: a@x.org
              gid: 1001
              groups:
              - staff
              - dev
              name: alice
              role: user
              uid: 1001
            - gid: 0
              groups: []
              name: root-admin
              role: admin
              uid: 0

            """)
    }

    @Test func yamlOfNestedStore() throws {
        let store = Store(name: "meta", kind: .metadata, type: "postgres",
                          config: .object(["dsn": .string("host=db password=********"), "pool": .int(4), "tls": .bool(true),
                                           "opts": .object(["a": .array([.int(1), .string("2")])]), "none": .null]),
                          status: "open", usedBy: ["/export"])
        #expect(try Render.item(store, as: .yaml) == """
            config:
              dsn: "host=db password=********"
              none: null
              opts:
                a:
                - 1
                - "2"
              pool: 4
              tls: true
            kind: metadata
            name: meta
            status: open
            type: postgres
            usedBy:
            - /export

            """)
    }

    @Test(arguments: [
        ("plain", "plain"), ("/export", "/export"), ("a b", "a b"), ("", "\"\""), ("true", "\"true\""), ("No", "\"No\""),
        ("null", "\"null\""), ("~", "\"~\""), ("123", "\"123\""), ("1.5", "\"1.5\""), ("-x", "\"-x\""), ("a: b", "\"a: b\""),
        ("a #b", "\"a #b\""), ("x\"y", "\"x\\\"y\""), ("line\nnext", "\"line\\nnext\""), (" lead", "\" lead\""),
        ("tab\there", "\"tab\\there\""), ("*star", "\"*star\""), ("{x}", "\"{x}\""), ("error: boom", "\"error: boom\""),
        ("10.0.0.0/8", "\"10.0.0.0/8\""), ("\u{1}", "\"\\u0001\""), ("back\\slash", "\"back\\\\slash\""), ("héllo", "héllo"),
    ])
    func yamlStrings(_ input: String, _ expected: String) {
        #expect(YAML.string(input) == expected)
    }

    @Test func yamlScalarsAndEmpties() {
        #expect(YAML.emit(.object([:])) == "{}\n")
        #expect(YAML.emit(.int(0)) == "0\n")
        #expect(YAML.emit(.double(2.5)) == "2.5\n")
        #expect(YAML.emit(.array([.array([.int(1)]), .object([:])])) == "-\n  - 1\n- {}\n")
        #expect(YAML.emit(.object(["k": .object([:]), "l": .array([])])) == "k: {}\nl: []\n")
    }

    @Test func statusTable() throws {
        let s = ServerStatus(version: "0.1.0", pid: 42, uptimeSeconds: 3725, dataDirectory: "/srv/dfs", database: "sqlite",
                             shares: 2, adapters: [Adapter(type: "nfs", enabled: true, port: 12049, bind: "0.0.0.0", status: "running")])
        #expect(try Render.status(s, as: .table) == """
            VERSION  PID  UPTIME    SHARES  DATABASE  DATA-DIRECTORY
            0.1.0    42   1h 2m 5s  2       sqlite    /srv/dfs

            TYPE  ENABLED  PORT   BIND     STATUS   SETTINGS
            nfs   true     12049  0.0.0.0  running  -

            """)
    }

    @Test func rescanTable() throws {
        let r = PluginRescan(plugins: [Plugin(kind: "metadata", name: "memory", version: "1", abi: "1.0", capabilities: [], file: "/p/m.so")],
                             added: ["memory"], rejected: ["/p/bad.so: ABI 2.0 not supported"])
        #expect(try Render.rescan(r, as: .table) == """
            KIND      NAME    VERSION  ABI  CAPABILITIES  FILE
            metadata  memory  1        1.0  -             /p/m.so

            added: memory
            rejected:
              /p/bad.so: ABI 2.0 not supported

            """)
    }

    @Test func durations() {
        #expect(Render.duration(0) == "0s")
        #expect(Render.duration(59.9) == "59s")
        #expect(Render.duration(86400 + 60) == "1d 1m")
        #expect(Render.duration(-1) == "-")
        #expect(Render.duration(.nan) == "-")
    }
}
