import ControlModels
import Foundation
import Testing
@testable import ControlStore

@Suite(.timeLimit(.minutes(3))) struct UserTests {
    @Test(arguments: Backend.enabled)
    func createGetListUpdateDelete(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        let ann = try db.createUser(UserCreate(name: "ann", password: "correct horse"))
        #expect(ann.uid == 1000 && ann.gid == 1000 && ann.role == .user && ann.groups == [] && ann.email == nil)
        #expect(ann.createdAt?.hasSuffix("Z") == true)
        let bob = try db.createUser(UserCreate(name: "bob", password: "password1", uid: 1002, gid: 50, email: "bob@example.com", role: .admin))
        #expect(bob.uid == 1002 && bob.gid == 50 && bob.role == .admin && bob.email == "bob@example.com")
        // The lowest free uid from 1000 fills the gap.
        let cat = try db.createUser(UserCreate(name: "cat", password: "password1"))
        #expect(cat.uid == 1001)
        #expect(try db.createUser(UserCreate(name: "dan", password: "password1")).uid == 1003)
        // A uid below 1000 is allowed when given.
        #expect(try db.createUser(UserCreate(name: "svc", password: "password1", uid: 0)).uid == 0)

        #expect(try db.user(named: "bob") == bob)
        #expect(try db.user(uid: 1001).name == "cat")
        #expect(try db.listUsers().map(\.name) == ["ann", "bob", "cat", "dan", "svc"])

        _ = try db.createGroup(GroupCreate(name: "staff"))
        _ = try db.createGroup(GroupCreate(name: "ops"))
        let updated = try db.updateUser(named: "ann", UserUpdate(uid: 2000, gid: 2001, groups: ["staff", "ops", "staff"], email: "a@x.org", role: .admin))
        #expect(updated.uid == 2000 && updated.gid == 2001 && updated.groups == ["ops", "staff"] && updated.email == "a@x.org" && updated.role == .admin)
        #expect(try db.user(uid: 2000).name == "ann")
        // Empty email clears it; groups replace; unset fields stay.
        let cleared = try db.updateUser(named: "ann", UserUpdate(groups: ["ops"], email: ""))
        #expect(cleared.email == nil && cleared.groups == ["ops"] && cleared.uid == 2000 && cleared.role == .admin)
        // Keeping one's own uid is no conflict.
        #expect(try db.updateUser(named: "ann", UserUpdate(uid: 2000)).uid == 2000)

        try db.deleteUser(named: "ann")
        expectError(.notFound) { try db.user(named: "ann") }
        expectError(.notFound) { try db.user(uid: 2000) }
        #expect(try db.group(named: "ops").members == [])
        // Its uid is free again (lowest free).
        #expect(try db.createUser(UserCreate(name: "eve", password: "password1")).uid == 1000)
    }

    @Test(arguments: Backend.enabled)
    func refusals(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        _ = try db.createUser(UserCreate(name: "ann", password: "password1", uid: 1500))
        var m = expectError(.alreadyExists) { try db.createUser(UserCreate(name: "ann", password: "password1")) }
        #expect(m.contains("ann"))
        m = expectError(.alreadyExists) { try db.createUser(UserCreate(name: "bob", password: "password1", uid: 1500)) }
        #expect(m.contains("1500") && m.contains("ann"))
        for bad in ["", "Ann", "1ann", "a b", "ann!", String(repeating: "a", count: 33), "/etc", "ann\u{0}"] {
            m = expectError(.invalid) { try db.createUser(UserCreate(name: bad, password: "password1")) }
            #expect(m.contains("invalid user name"))
        }
        m = expectError(.invalid) { try db.createUser(UserCreate(name: "bob", password: "short")) }
        #expect(m.contains("at least 8"))
        expectError(.invalid) { try db.createUser(UserCreate(name: "bob", password: String(repeating: "x", count: 73))) }
        expectError(.invalid) { try db.createUser(UserCreate(name: "bob", password: "pass\u{0}word")) }
        expectError(.invalid) { try db.createUser(UserCreate(name: "bob", password: "password1", email: "not-an-email")) }
        m = expectError(.notFound) { try db.createUser(UserCreate(name: "bob", password: "password1", groups: ["nogroup"])) }
        #expect(m.contains("nogroup"))
        // Nothing of bob was written by the refused creations.
        expectError(.notFound) { try db.user(named: "bob") }
        _ = try db.createUser(UserCreate(name: "bob", password: "password1"))
        expectError(.alreadyExists) { try db.updateUser(named: "bob", UserUpdate(uid: 1500)) }
        expectError(.notFound) { try db.updateUser(named: "bob", UserUpdate(groups: ["nogroup"])) }
        expectError(.invalid) { try db.updateUser(named: "bob", UserUpdate(password: "short")) }
        expectError(.notFound) { try db.updateUser(named: "zed", UserUpdate(gid: 1)) }
        expectError(.notFound) { try db.deleteUser(named: "zed") }
        expectError(.notFound) { try db.setPassword(name: "zed", password: "password1") }
        expectError(.notFound) { try db.ntHash(user: "zed") }
        expectError(.notFound) { try db.groups(ofUser: "zed") }
        #expect(try db.user(named: "bob").uid != 1500)
    }

    @Test(arguments: Backend.enabled)
    func passwords(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        _ = try db.createUser(UserCreate(name: "ann", password: "correct horse"))
        #expect(try db.verifyPassword(name: "ann", password: "correct horse")?.name == "ann")
        #expect(try db.verifyPassword(name: "ann", password: "correct horsE") == nil)
        #expect(try db.verifyPassword(name: "ann", password: "") == nil)
        #expect(try db.verifyPassword(name: "nobody", password: "correct horse") == nil)
        #expect(try db.verifyPassword(name: "ann", password: "correct horse\u{0}x") == nil)
        #expect(try db.verifyPassword(name: "ann\u{0}x", password: "correct horse") == nil)
        expectError(.invalid) { try db.user(named: "ann\u{0}x") }
        // The stored hash is bcrypt at the configured cost, not the password.
        let hash = try db.raw("SELECT password_hash FROM users WHERE name = 'ann'")[0].text(0)
        #expect(hash.hasPrefix("$2b$04$") && !hash.contains("correct"))

        // Token epochs: start at 0; every password change and revocation raises it, other changes do not.
        #expect(try db.tokenEpoch(user: "ann") == 0)
        try db.setPassword(name: "ann", password: "battery staple")
        #expect(try db.tokenEpoch(user: "ann") == 1)
        #expect(try db.verifyPassword(name: "ann", password: "correct horse") == nil)
        #expect(try db.verifyPassword(name: "ann", password: "battery staple") != nil)
        _ = try db.updateUser(named: "ann", UserUpdate(password: "third password"))
        #expect(try db.tokenEpoch(user: "ann") == 2)
        _ = try db.updateUser(named: "ann", UserUpdate(email: "ann@example.com"))
        #expect(try db.tokenEpoch(user: "ann") == 2)
        try db.revokeTokens(user: "ann")
        #expect(try db.tokenEpoch(user: "ann") == 3)
        let session = try db.userWithTokenEpoch(named: "ann")
        #expect(session.user.name == "ann" && session.tokenEpoch == 3)
        expectError(.notFound) { try db.userWithTokenEpoch(named: "zed") }
        expectError(.notFound) { try db.revokeTokens(user: "zed") }
        expectError(.notFound) { try db.tokenEpoch(user: "zed") }
        #expect(try db.verifyPassword(name: "ann", password: "battery staple") == nil)
        #expect(try db.verifyPassword(name: "ann", password: "third password") != nil)
        #expect(try db.ntHash(user: "ann") == NTHash.of(password: "third password"))
    }

    @Test(arguments: Backend.enabled)
    func ntHashSealed(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        _ = try db.createUser(UserCreate(name: "ann", password: "password"))
        let nt = try db.ntHash(user: "ann")
        #expect(hex(nt) == "8846f7eaee8fb117ad06bdd830b7586c")
        // The column holds nonce + ciphertext + tag, not the hash.
        let sealed = try db.raw("SELECT nt_hash_sealed FROM users WHERE name = 'ann'")[0].blob(0)
        #expect(sealed.count == 12 + 16 + 16)
        #expect(!contains(sealed, nt))
        // Two users with one password get different sealed values (fresh nonces).
        _ = try db.createUser(UserCreate(name: "bob", password: "password"))
        #expect(try db.raw("SELECT nt_hash_sealed FROM users WHERE name = 'bob'")[0].blob(0) != sealed)
        // A sealed value moved to another row does not open.
        _ = try db.raw("UPDATE users SET nt_hash_sealed = ? WHERE name = 'bob'", [.blob(sealed)])
        expectError(.invalid) { try db.ntHash(user: "bob") }
        if backend == .sqlite {
            db.close()
            for file in [f.sqlitePath, f.sqlitePath + "-wal"] {
                if let bytes = FileManager.default.contents(atPath: file) {
                    #expect(!contains(Array(bytes), nt), "plain NT hash found in \(file)")
                }
            }
        }
    }
}

func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= hay.count else { return false }
    for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return true }
    return false
}
