import ControlModels
import Testing
import ControlStore

@Suite(.timeLimit(.minutes(3))) struct PermissionResolverTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let user: String?
        let groups: [String]
        let shareDefault: AccessLevel
        let grants: [Permission]
        let expected: AccessLevel
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no grants: default", user: "ann", groups: [], shareDefault: .read, grants: [], expected: .read),
        Case(name: "anonymous: default even with grants", user: nil, groups: ["staff"], shareDefault: .none,
             grants: [.init(kind: .group, principal: "staff", level: .admin)], expected: .none),
        Case(name: "own grant above default", user: "ann", groups: [], shareDefault: .read,
             grants: [.init(kind: .user, principal: "ann", level: .readWrite)], expected: .readWrite),
        Case(name: "own grant below default wins", user: "ann", groups: [], shareDefault: .readWrite,
             grants: [.init(kind: .user, principal: "ann", level: .none)], expected: .none),
        Case(name: "group grant", user: "ann", groups: ["staff"], shareDefault: .none,
             grants: [.init(kind: .group, principal: "staff", level: .read)], expected: .read),
        Case(name: "max of user and group", user: "ann", groups: ["staff", "ops"], shareDefault: .none,
             grants: [.init(kind: .user, principal: "ann", level: .read), .init(kind: .group, principal: "ops", level: .admin),
                      .init(kind: .group, principal: "staff", level: .readWrite)], expected: .admin),
        Case(name: "group grant beats explicit user none", user: "ann", groups: ["staff"], shareDefault: .admin,
             grants: [.init(kind: .user, principal: "ann", level: .none), .init(kind: .group, principal: "staff", level: .read)],
             expected: .read),
        Case(name: "others' grants ignored", user: "ann", groups: ["staff"], shareDefault: .read,
             grants: [.init(kind: .user, principal: "bob", level: .admin), .init(kind: .group, principal: "ops", level: .admin)],
             expected: .read),
        Case(name: "user grant is not a group grant", user: "staff", groups: [], shareDefault: .none,
             grants: [.init(kind: .group, principal: "staff", level: .admin)], expected: .none),
    ]

    @Test(arguments: cases)
    func level(_ c: Case) {
        #expect(PermissionResolver.level(user: c.user, groups: c.groups, shareDefault: c.shareDefault, grants: c.grants) == c.expected)
    }

    @Test func levelsByUID() {
        let users = [User(name: "ann", uid: 1000, gid: 1000, groups: ["staff"]),
                     User(name: "bob", uid: 1001, gid: 1001),
                     User(name: "cat", uid: 1002, gid: 1002, groups: ["ops"])]
        let grants = [Permission(kind: .group, principal: "staff", level: .readWrite), Permission(kind: .user, principal: "cat", level: .none)]
        let map = PermissionResolver.levelsByUID(users: users, shareDefault: .read, grants: grants)
        #expect(map == [1000: .readWrite, 1001: .read, 1002: .none])
    }
}
