import HostCore
import HostPlugins
import PluginABI
import Testing
@testable import HostServices

/// The pure parts of share policy: address parsing, CIDR matching, squash.
@Suite struct AddressTests {
    @Test func parsesV4AndV6() {
        #expect(IPAddress("10.1.2.3")?.bytes == [10, 1, 2, 3])
        #expect(IPAddress("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress("[::1]") == IPAddress("::1"))
        #expect(IPAddress("fe80::1%eth0") == IPAddress("fe80::1"))
        #expect(IPAddress("[fe80::1%eth0]") == IPAddress("fe80::1"))
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "host.example", "::g", "[1.2.3.4", "1.2.3.4/8", " "] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func mappedV4() {
        #expect(IPAddress("::ffff:192.168.1.9")?.mappedV4 == IPAddress("192.168.1.9"))
        #expect(IPAddress("::1")?.mappedV4 == nil)
        #expect(IPAddress("1.2.3.4")?.mappedV4 == nil)
    }

    @Test func exactRules() throws {
        let r = try ClientRule("192.168.1.5")
        #expect(r.prefixLength == 32)
        #expect(r.matches(IPAddress("192.168.1.5")!))
        #expect(!r.matches(IPAddress("192.168.1.6")!))
        #expect(r.matches(IPAddress("::ffff:192.168.1.5")!))
        #expect(!r.matches(IPAddress("::1")!))
        let v6 = try ClientRule("2001:db8::7")
        #expect(v6.matches(IPAddress("2001:db8:0::7")!))
        #expect(!v6.matches(IPAddress("2001:db8::8")!))
        #expect(!v6.matches(IPAddress("1.2.3.4")!))
    }

    @Test func cidrV4() throws {
        let r = try ClientRule("10.0.0.0/8")
        #expect(r.matches(IPAddress("10.255.3.4")!))
        #expect(!r.matches(IPAddress("11.0.0.1")!))
        // host bits in the rule are cleared
        let odd = try ClientRule("192.168.77.200/20")
        #expect(odd.description == "192.168.64.0/20")
        #expect(odd.matches(IPAddress("192.168.79.255")!))
        #expect(!odd.matches(IPAddress("192.168.80.0")!))
        #expect(try ClientRule("0.0.0.0/0").matches(IPAddress("8.8.8.8")!))
        #expect(try ClientRule("1.2.3.4/31").matches(IPAddress("1.2.3.5")!))
        #expect(try !ClientRule("1.2.3.4/31").matches(IPAddress("1.2.3.6")!))
        // v4 rules match v4-mapped v6 peers
        #expect(r.matches(IPAddress("::ffff:10.9.9.9")!))
    }

    @Test func cidrV6() throws {
        let r = try ClientRule("fd00::/8")
        #expect(r.matches(IPAddress("fd12:3456::1")!))
        #expect(!r.matches(IPAddress("fe80::1")!))
        #expect(!r.matches(IPAddress("10.0.0.1")!))
        let r2 = try ClientRule("2001:db8:abcd::/47")
        #expect(r2.matches(IPAddress("2001:db8:abcd:1::1")!))
        #expect(!r2.matches(IPAddress("2001:db8:abcf::1")!))
        #expect(try ClientRule("::/0").matches(IPAddress("::1")!))
    }

    @Test func badRules() {
        for bad in ["10.0.0.0/33", "fd00::/129", "10.0.0.0/-1", "10.0.0.0/", "nonsense", "10.0.0.0/8/9", "", "/8", "10.0.0.0/+8"] {
            #expect(throws: DFSError(.inval), "\(bad)") { try ClientRule(bad) }
        }
    }

    @Test func clientList() throws {
        #expect(try ClientList([]).admits(nil))
        #expect(try ClientList([]).admits("anything"))
        let l = try ClientList(["127.0.0.1", "10.0.0.0/8", "fd00::/8"])
        #expect(l.admits("127.0.0.1"))
        #expect(l.admits("10.2.3.4"))
        #expect(l.admits("[fd00::5]"))
        #expect(l.admits("::ffff:10.0.0.1"))
        #expect(!l.admits("192.168.0.1"))
        #expect(!l.admits(nil))
        #expect(!l.admits("garbage"))
        #expect(try ClientList(["*"]).admits(nil))
        #expect(throws: DFSError(.inval)) { try ClientList(["10.0.0.1", "bad"]) }
    }
}

@Suite struct SquashTests {
    let groups: [UInt32] = [0, 10, 20]

    @Test func rootSquash() {
        let p = SharePolicy(squash: .root, anonUID: 99, anonGID: 98)
        #expect(p.mapIdentity(flavor: .sys, uid: 0, gid: 0, groups: groups) == Credentials(uid: 99, gid: 98, groups: [10, 20]))
        #expect(p.mapIdentity(flavor: .sys, uid: 0, gid: 5, groups: []) == Credentials(uid: 99, gid: 5))
        #expect(p.mapIdentity(flavor: .sys, uid: 1000, gid: 0, groups: groups) == Credentials(uid: 1000, gid: 98, groups: [10, 20]))
        #expect(p.mapIdentity(flavor: .sys, uid: 1000, gid: 1000, groups: [1000]) == Credentials(uid: 1000, gid: 1000, groups: [1000]))
    }

    @Test func allSquash() {
        let p = SharePolicy(squash: .all, anonUID: 99, anonGID: 98)
        #expect(p.mapIdentity(flavor: .sys, uid: 1000, gid: 1000, groups: groups) == Credentials(uid: 99, gid: 98))
        #expect(p.mapIdentity(flavor: .sys, uid: 0, gid: 0, groups: []) == Credentials(uid: 99, gid: 98))
    }

    @Test func noSquash() {
        let p = SharePolicy(squash: .none)
        #expect(p.mapIdentity(flavor: .sys, uid: 0, gid: 0, groups: groups) == Credentials(uid: 0, gid: 0, groups: groups))
    }

    @Test func authNoneIsAlwaysAnonymous() {
        for s in Squash.allCases {
            let p = SharePolicy(squash: s)
            #expect(p.mapIdentity(flavor: .none, uid: 0, gid: 0, groups: groups) == Credentials(uid: 65534, gid: 65534))
        }
    }

    @Test func authUserPassesUnchanged() {
        let p = SharePolicy(squash: .all)
        #expect(p.mapIdentity(flavor: .user, uid: 1234, gid: 55, groups: [7]) == Credentials(uid: 1234, gid: 55, groups: [7]))
    }

    @Test func defaults() {
        let p = SharePolicy()
        #expect(p.squash == .root)
        #expect(p.anonUID == 65534 && p.anonGID == 65534)
        #expect(p.allowedClients.isEmpty)
        #expect(!p.requirePrivilegedPort)
    }

    @Test func gate() throws {
        let p = try CompiledPolicy(SharePolicy(allowedClients: ["10.0.0.0/8"], requirePrivilegedPort: true))
        #expect(throws: Never.self) { try p.checkGate(Caller(flavor: .sys, clientAddress: "10.0.0.1", clientPort: 800), share: "s") }
        #expect(throws: DFSError(.access)) { try p.checkGate(Caller(flavor: .sys, clientAddress: "11.0.0.1", clientPort: 800), share: "s") }
        #expect(throws: DFSError(.access)) { try p.checkGate(Caller(flavor: .sys, clientAddress: "10.0.0.1", clientPort: 1024), share: "s") }
        #expect(throws: DFSError(.access)) { try p.checkGate(Caller(flavor: .none, clientAddress: "10.0.0.1", clientPort: nil), share: "s") }
        // AUTH_USER is exempt from the port rule, not from the client list
        #expect(throws: Never.self) { try p.checkGate(Caller(flavor: .user, clientAddress: "10.0.0.1", clientPort: 50000), share: "s") }
        #expect(throws: DFSError(.access)) { try p.checkGate(Caller(flavor: .user, clientAddress: "12.0.0.1", clientPort: 50), share: "s") }
    }
}

/// Decoding of `dfs_cred`.
@Suite struct CallerDecodingTests {
    @Test func decodesEverything() throws {
        let groups: [UInt32] = [4, 5]
        let caller = try groups.withUnsafeBufferPointer { g in
            try "10.1.1.1".withCString { addr in
                var c = dfs_cred()
                c.struct_size = UInt32(MemoryLayout<dfs_cred>.size)
                c.flavor = UInt32(DFS_AUTH_SYS)
                c.uid = 7; c.gid = 8; c.ngroups = 2; c.groups = g.baseAddress
                c.client_addr = addr; c.client_port = 999
                return try Caller(c: &c)
            }
        }
        #expect(caller == Caller(flavor: .sys, uid: 7, gid: 8, groups: [4, 5], clientAddress: "10.1.1.1", clientPort: 999))
    }

    @Test func rejectsGarbage() {
        #expect(throws: DFSError(.inval)) { try Caller(c: nil) }
        var c = dfs_cred()
        c.struct_size = UInt32(MemoryLayout<dfs_cred>.size)
        c.flavor = 77
        #expect(throws: DFSError(.inval)) { try Caller(c: &c) }
        c.flavor = UInt32(DFS_AUTH_SYS)
        c.ngroups = 3   // groups NULL
        #expect(throws: DFSError(.inval)) { try Caller(c: &c) }
        c.ngroups = 1 << 20
        #expect(throws: DFSError(.inval)) { try Caller(c: &c) }
        c.ngroups = 0
        c.struct_size = 8
        #expect(throws: DFSError(.inval)) { try Caller(c: &c) }
    }

    @Test func shortStructHasNoAddressOrPort() throws {
        var c = dfs_cred()
        c.struct_size = UInt32(MemoryLayout<dfs_cred>.offset(of: \dfs_cred.principal)!)
        c.flavor = UInt32(DFS_AUTH_SYS)
        c.client_port = 5   // beyond struct_size: ignored
        let caller = try Caller(c: &c)
        #expect(caller.clientPort == nil)
        #expect(caller.clientAddress == nil)
    }
}

/// Export paths: which share a MOUNT path names, and the rest below it.
@Suite struct ExportPathTests {
    let names = ["/export", "/export/deep", "/data", "/"]

    @Test func splits() {
        #expect(ExportPath.split("/export", shareNames: ["/export"])! == ("/export", ""))
        #expect(ExportPath.split("/export/", shareNames: ["/export"])! == ("/export", ""))
        #expect(ExportPath.split("/export/a/b", shareNames: ["/export"])! == ("/export", "a/b"))
        #expect(ExportPath.split("/export//a///b/", shareNames: ["/export"])! == ("/export", "a/b"))
        #expect(ExportPath.split("/exportfoo", shareNames: ["/export"]) == nil)
        #expect(ExportPath.split("/other", shareNames: ["/export"]) == nil)
        #expect(ExportPath.split("", shareNames: ["/export"]) == nil)
        #expect(ExportPath.split("data/x", shareNames: ["data"])! == ("data", "x"))
    }

    @Test func longestShareWins() {
        #expect(ExportPath.split("/export/deep/x", shareNames: names)! == ("/export/deep", "x"))
        #expect(ExportPath.split("/export/deeper", shareNames: names)! == ("/export", "deeper"))
        #expect(ExportPath.split("/elsewhere/y", shareNames: names)! == ("/", "elsewhere/y"))
        #expect(ExportPath.split("/", shareNames: names)! == ("/", ""))
    }
}
