import HostCore
import HostPlugins
import Testing

/// Shorthand for an inode with a type, mode and owner.
func node(_ type: FileType, _ mode: UInt32, uid: UInt32, gid: UInt32, ino: UInt64 = 5) -> Inode {
    var i = Inode(ino: ino, mode: type.modeBits | mode)
    i.uid = uid
    i.gid = gid
    return i
}

let alice = Credentials(uid: 1000, gid: 100, groups: [100, 300])
let bob = Credentials(uid: 1001, gid: 200)
let carol = Credentials(uid: 1002, gid: 300)

@Suite struct PermissionsTests {
    struct GrantCase: CustomTestStringConvertible, Sendable {
        var who: Credentials
        var mode: UInt32
        var isDir: Bool
        var expected: ModeAccess
        var testDescription: String { "\(who) mode \(String(mode, radix: 8)) dir=\(isDir)" }
    }

    // Object owned by alice (1000), group 300.
    static let grantCases: [GrantCase] = [
        .init(who: alice, mode: 0o700, isDir: false, expected: [.read, .write, .execute]),
        .init(who: alice, mode: 0o070, isDir: false, expected: []),                // owner class only
        .init(who: alice, mode: 0o500, isDir: false, expected: [.read, .execute]),
        .init(who: carol, mode: 0o070, isDir: false, expected: [.read, .write, .execute]), // primary group
        .init(who: bob, mode: 0o070, isDir: false, expected: []),                  // other
        .init(who: bob, mode: 0o774, isDir: false, expected: [.read]),
        .init(who: bob, mode: 0o007, isDir: true, expected: [.read, .write, .execute]),
        .init(who: Credentials(uid: 5, gid: 5, groups: [300]), mode: 0o050, isDir: false, expected: [.read, .execute]), // supplementary
        .init(who: .root, mode: 0o000, isDir: false, expected: [.read, .write]),
        .init(who: .root, mode: 0o001, isDir: false, expected: [.read, .write, .execute]),
        .init(who: .root, mode: 0o000, isDir: true, expected: [.read, .write, .execute]),
    ]

    @Test(arguments: grantCases)
    func granted(c: GrantCase) {
        #expect(Permissions.granted(c.who, mode: c.mode, uid: 1000, gid: 300, isDirectory: c.isDir) == c.expected)
    }

    @Test func checkThrowsAccess() throws {
        let f = node(.regular, 0o640, uid: 1000, gid: 300)
        try Permissions.check([.read, .write], alice, f)
        try Permissions.check(.read, carol, f)
        #expect(throws: DFSError(.access)) { try Permissions.check(.write, carol, f) }
        #expect(throws: DFSError(.access)) { try Permissions.check(.read, bob, f) }
    }

    struct DeleteCase: CustomTestStringConvertible, Sendable {
        var who: Credentials
        var dirMode: UInt32
        var expected: DFSStatus
        var testDescription: String { "\(who) dir \(String(dirMode, radix: 8)) -> \(expected)" }
    }

    // Directory owned by alice; victim owned by carol.
    static let deleteCases: [DeleteCase] = [
        .init(who: bob, dirMode: 0o1777, expected: .perm),
        .init(who: carol, dirMode: 0o1777, expected: .ok),
        .init(who: alice, dirMode: 0o1777, expected: .ok),
        .init(who: .root, dirMode: 0o1777, expected: .ok),
        .init(who: bob, dirMode: 0o0777, expected: .ok),
        .init(who: bob, dirMode: 0o0755, expected: .access),
        .init(who: bob, dirMode: 0o0773, expected: .ok),      // other -wx is enough
        .init(who: bob, dirMode: 0o0776, expected: .access),  // no search
    ]

    @Test(arguments: deleteCases)
    func delete(c: DeleteCase) {
        let dir = node(.directory, c.dirMode, uid: 1000, gid: 100)
        let victim = node(.regular, 0o644, uid: 1002, gid: 300, ino: 6)
        var status = DFSStatus.ok
        do { try Permissions.checkDelete(c.who, dir: dir, victim: victim) } catch { status = error.status }
        #expect(status == c.expected)
    }

    @Test func stickyRule() {
        #expect(Permissions.stickyAllows(bob, dirMode: 0o777, dirUID: 1, victimUID: 2))
        #expect(!Permissions.stickyAllows(bob, dirMode: 0o1777, dirUID: 1, victimUID: 2))
        #expect(Permissions.stickyAllows(bob, dirMode: 0o1777, dirUID: 1001, victimUID: 2))
        #expect(Permissions.stickyAllows(bob, dirMode: 0o1777, dirUID: 1, victimUID: 1001))
        #expect(Permissions.stickyAllows(.root, dirMode: 0o1777, dirUID: 1, victimUID: 2))
    }

    struct AccessCase: CustomTestStringConvertible, Sendable {
        var who: Credentials
        var type: FileType
        var mode: UInt32
        var readOnly: Bool
        var expected: AccessMask
        var testDescription: String { "\(who) \(type) \(String(mode, radix: 8)) ro=\(readOnly)" }
    }

    static let accessCases: [AccessCase] = [
        .init(who: alice, type: .regular, mode: 0o640, readOnly: false, expected: [.read, .modify, .extend]),
        .init(who: carol, type: .regular, mode: 0o640, readOnly: false, expected: [.read]),
        .init(who: bob, type: .regular, mode: 0o640, readOnly: false, expected: []),
        .init(who: alice, type: .regular, mode: 0o640, readOnly: true, expected: [.read]),
        .init(who: bob, type: .regular, mode: 0o755, readOnly: false, expected: [.read, .execute]),
        .init(who: .root, type: .regular, mode: 0o644, readOnly: false, expected: [.read, .modify, .extend]),
        .init(who: .root, type: .regular, mode: 0o744, readOnly: false, expected: [.read, .modify, .extend, .execute]),
        .init(who: alice, type: .directory, mode: 0o755, readOnly: false, expected: [.read, .lookup, .modify, .extend, .delete]),
        .init(who: bob, type: .directory, mode: 0o755, readOnly: false, expected: [.read, .lookup]),
        .init(who: bob, type: .directory, mode: 0o711, readOnly: false, expected: [.lookup]),
        .init(who: alice, type: .directory, mode: 0o755, readOnly: true, expected: [.read, .lookup]),
    ]

    @Test(arguments: accessCases)
    func access(c: AccessCase) {
        let i = node(c.type, c.mode, uid: 1000, gid: 300)
        #expect(Permissions.access(c.who, i, requested: .all, readOnly: c.readOnly) == c.expected)
        #expect(Permissions.access(c.who, i, requested: .read, readOnly: c.readOnly) == c.expected.intersection(.read))
    }
}

@Suite struct SetAttributesRuleTests {
    let now = Timespec(sec: 1_000_000, nsec: 5)

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var who: Credentials
        var type: FileType = .regular
        var mode: UInt32 = 0o644
        var request: SetAttributes
        /// Either an error or the expected (mode, uid, gid).
        var error: DFSStatus? = nil
        var result: (mode: UInt32, uid: UInt32, gid: UInt32)? = nil
        var testDescription: String { name }
    }

    // The object is owned by alice (1000), group 100.
    static let cases: [Case] = [
        .init(name: "owner chmod", who: alice, request: .init(mode: 0o600), result: (0o600, 1000, 100)),
        .init(name: "non-owner chmod", who: bob, mode: 0o666, request: .init(mode: 0o600), error: .perm),
        .init(name: "root chmod", who: .root, request: .init(mode: 0o7777), result: (0o7777, 1000, 100)),
        .init(name: "owner setgid, member", who: alice, request: .init(mode: 0o2755), result: (0o2755, 1000, 100)),
        .init(name: "owner setgid, non-member: cleared", who: Credentials(uid: 1000, gid: 999),
              request: .init(mode: 0o2755), result: (0o0755, 1000, 100)),
        .init(name: "type bits in mode ignored", who: alice, request: .init(mode: 0o170644), result: (0o644, 1000, 100)),
        .init(name: "non-root chown", who: alice, request: .init(uid: 1001), error: .perm),
        .init(name: "owner chown to self", who: alice, request: .init(uid: 1000), result: (0o644, 1000, 100)),
        .init(name: "non-owner chown to owner", who: bob, request: .init(uid: 1000), error: .perm),
        .init(name: "root chown clears setuid", who: .root, mode: 0o4755, request: .init(uid: 1001), result: (0o0755, 1001, 100)),
        .init(name: "root chown clears setgid with group x", who: .root, mode: 0o2755, request: .init(gid: 7), result: (0o0755, 1000, 7)),
        .init(name: "root chown keeps setgid without group x", who: .root, mode: 0o2745, request: .init(gid: 7), result: (0o2745, 1000, 7)),
        .init(name: "chown of a directory keeps setgid", who: .root, type: .directory, mode: 0o2755, request: .init(uid: 5), result: (0o2755, 5, 100)),
        .init(name: "chown with mode keeps the given mode", who: .root, mode: 0o4755, request: .init(mode: 0o4700, uid: 1001), result: (0o4700, 1001, 100)),
        .init(name: "owner chgrp to supplementary group", who: alice, request: .init(gid: 300), result: (0o644, 1000, 300)),
        .init(name: "owner chgrp to foreign group", who: alice, request: .init(gid: 200), error: .perm),
        .init(name: "non-owner chgrp", who: carol, request: .init(gid: 300), error: .perm),
        .init(name: "truncate a directory", who: alice, type: .directory, mode: 0o755, request: .init(size: 0), error: .isDir),
        .init(name: "truncate a symlink", who: alice, type: .symlink, mode: 0o777, request: .init(size: 0), error: .inval),
        .init(name: "truncate without write", who: alice, mode: 0o444, request: .init(size: 0), error: .access),
        .init(name: "truncate by group writer", who: Credentials(uid: 7, gid: 100), mode: 0o664, request: .init(size: 0), result: (0o664, 1000, 100)),
        .init(name: "truncate by non-root clears setuid", who: alice, mode: 0o6755, request: .init(size: 10), result: (0o0755, 1000, 100)),
        .init(name: "truncate by root keeps setuid", who: .root, mode: 0o4755, request: .init(size: 10), result: (0o4755, 1000, 100)),
        .init(name: "explicit mtime by non-owner writer", who: bob, mode: 0o666, request: .init(mtime: .time(Timespec(sec: 5))), error: .perm),
        .init(name: "mtime now by non-owner writer", who: bob, mode: 0o666, request: .init(atime: .now, mtime: .now), result: (0o666, 1000, 100)),
        .init(name: "mtime now by non-owner reader", who: bob, mode: 0o644, request: .init(mtime: .now), error: .access),
        .init(name: "explicit times by owner", who: alice, mode: 0o400, request: .init(atime: .time(Timespec(sec: 1)), mtime: .time(Timespec(sec: 2))), result: (0o400, 1000, 100)),
    ]

    @Test(arguments: cases)
    func rule(c: Case) throws {
        var i = node(c.type, c.mode, uid: 1000, gid: 100)
        i.size = 100
        i.change = 7
        i.ctime = Timespec(sec: 1)
        if let e = c.error {
            #expect(throws: DFSError(e)) { try Permissions.applySetAttributes(c.request, to: i, by: c.who, now: now) }
            return
        }
        let n = try Permissions.applySetAttributes(c.request, to: i, by: c.who, now: now)
        let r = try #require(c.result)
        #expect(n.permissions == r.mode)
        #expect(n.uid == r.uid)
        #expect(n.gid == r.gid)
        #expect(n.type == c.type)
        #expect(n.ctime == now)
        #expect(n.change == 8)
    }

    @Test func sizeAndTimes() throws {
        var i = node(.regular, 0o644, uid: 1000, gid: 100)
        i.size = 100
        i.mtime = Timespec(sec: 3)
        let shrunk = try Permissions.applySetAttributes(.init(size: 10), to: i, by: alice, now: now)
        #expect(shrunk.size == 10)
        #expect(shrunk.mtime == now)
        let same = try Permissions.applySetAttributes(.init(size: 100), to: i, by: alice, now: now)
        #expect(same.mtime == Timespec(sec: 3))
        let explicit = try Permissions.applySetAttributes(.init(size: 1, mtime: .time(Timespec(sec: 9))), to: i, by: alice, now: now)
        #expect(explicit.mtime == Timespec(sec: 9))
        let times = try Permissions.applySetAttributes(.init(atime: .time(Timespec(sec: 4, nsec: 2)), mtime: .now), to: i, by: alice, now: now)
        #expect(times.atime == Timespec(sec: 4, nsec: 2))
        #expect(times.mtime == now)
    }

    @Test func emptyRequestChangesNothing() throws {
        let i = node(.regular, 0o644, uid: 1000, gid: 100)
        #expect(try Permissions.applySetAttributes(SetAttributes(), to: i, by: bob, now: now) == i)
    }
}
