// dfs-control-bench: times the control database (ControlStore) on SQLite
// and, with --dsn, on PostgreSQL. Not a test: it prints a table.
//
//   dfs-control-bench [--users 100] [--shares 100] [--lookups 10000] [--cost 10] [--dsn DSN]
//
// Creates --users users (bcrypt at --cost), --shares shares, one grant per
// (share, user) pair (users x shares grants), then --lookups effective-level
// look-ups and 20 password checks. On PostgreSQL it works in a new schema
// "bench_<random>" and leaves it behind (drop it, or use a throw-away cluster). Build in release mode for real numbers:
//   swift build -c release --product dfs-control-bench && .build/release/dfs-control-bench
import ControlModels
import ControlStore
import Foundation

var users = 100, shares = 100, lookups = 10_000, cost = 10
var dsn: String?
var args = CommandLine.arguments.dropFirst().makeIterator()
while let a = args.next() {
    switch a {
    case "--users": users = Int(args.next() ?? "") ?? users
    case "--shares": shares = Int(args.next() ?? "") ?? shares
    case "--lookups": lookups = Int(args.next() ?? "") ?? lookups
    case "--cost": cost = Int(args.next() ?? "") ?? cost
    case "--dsn": dsn = args.next()
    default:
        print("usage: dfs-control-bench [--users N] [--shares N] [--lookups N] [--cost N] [--dsn DSN]")
        exit(a == "-h" || a == "--help" ? 0 : 2)
    }
}

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let r = try body()
    return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
}

func row(_ what: String, _ n: Int, _ seconds: Double) {
    let per = seconds / Double(max(n, 1))
    let perText = per >= 1e-3 ? String(format: "%.2f ms", per * 1e3) : String(format: "%.1f µs", per * 1e6)
    let name = what.padding(toLength: 30, withPad: " ", startingAt: 0)
    let count = String(n).leftPadded(7), total = String(format: "%.3f s", seconds).leftPadded(10)
    print("  \(name) \(count) \(total)  \(perText.leftPadded(10)) each")
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

@MainActor
func run(_ label: String, _ config: ControlDatabaseConfig, dir: String) throws {
    print("\(label): \(users) users (bcrypt cost \(cost)), \(shares) shares, \(users * shares) grants, \(lookups) look-ups")
    let db = try config.open(options: ControlDatabaseOptions(keyFile: dir + "/control.key", bcryptCost: cost))
    defer { db.close() }
    _ = try db.addStore(kind: .metadata, name: "m", type: "memory", config: "{}")
    _ = try db.addStore(kind: .payload, name: "p", type: "memory", config: "{}")
    _ = try db.createGroup(GroupCreate(name: "staff"))
    let (_, tUsers) = try time { for i in 0..<users { _ = try db.createUser(UserCreate(name: "user\(i)", password: "password-\(i)", groups: i % 2 == 0 ? ["staff"] : [])) } }
    row("create user", users, tUsers)
    let (_, tShares) = try time { for s in 0..<shares { _ = try db.createShare(ShareCreate(name: "/s\(s)", metadataStore: "m", payloadStore: "p")) } }
    row("create share", shares, tShares)
    let levels = AccessLevel.allCases
    let (_, tGrants) = try time {
        for s in 0..<shares {
            for u in 0..<users { try db.grant(share: "/s\(s)", Permission(kind: .user, principal: "user\(u)", level: levels[(s + u) % 4])) }
        }
    }
    row("grant (upsert)", users * shares, tGrants)
    var rng = SystemRandomNumberGenerator()
    let (_, tLookups) = try time {
        for _ in 0..<lookups {
            _ = try db.effectiveLevel(share: "/s\(Int.random(in: 0..<shares, using: &rng))", user: "user\(Int.random(in: 0..<users, using: &rng))")
        }
    }
    row("effectiveLevel", lookups, tLookups)
    let (_, tMap) = try time { for s in 0..<min(shares, 100) { _ = try db.levelsByUID(share: "/s\(s)") } }
    row("levelsByUID (\(users) users)", min(shares, 100), tMap)
    let (_, tVerify) = try time { for i in 0..<20 { _ = try db.verifyPassword(name: "user\(i % users)", password: "password-\(i % users)") } }
    row("verifyPassword", 20, tVerify)
    let (_, tList) = try time { for _ in 0..<100 { _ = try db.listUsers() } }
    row("listUsers", 100, tList)
}

do {
    let dir = NSTemporaryDirectory() + "/dfs-control-bench-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try run("sqlite", .sqlite(path: dir + "/control.db"), dir: dir)
    if let dsn {
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try run("postgres (schema \(schema))", .postgres(dsn: dsn, schema: String(schema)), dir: dir)
    }
} catch {
    print("dfs-control-bench: \(error)")
    exit(1)
}
