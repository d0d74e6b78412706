import CLibPQ
import PluginABI
import PluginKit

#if canImport(Glibc)
import Glibc
#endif

/// A query parameter, sent in binary format.
enum Param {
    case i64(Int64)
    case i32(Int32)
    case bytes([UInt8])
    case null
    /// One-dimensional arrays (binary array format), no NULL elements.
    case i64Array([Int64])
    case bytesArray([[UInt8]])

    /// The binary wire form (big-endian integers, raw bytea); nil for NULL.
    var wire: [UInt8]? {
        switch self {
        case .null: nil
        case .i64(let v): withUnsafeBytes(of: v.bigEndian) { Array($0) }
        case .i32(let v): withUnsafeBytes(of: v.bigEndian) { Array($0) }
        case .bytes(let b): b
        case .i64Array(let a): Param.array(oid: 20, a.map { withUnsafeBytes(of: $0.bigEndian) { Array($0) } })
        case .bytesArray(let a): Param.array(oid: 17, a)
        }
    }

    /// PostgreSQL's binary array format: ndim, has-null, element OID,
    /// (length, lower bound), then (length, bytes) per element.
    private static func array(oid: Int32, _ elems: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) } }
        put(1); put(0); put(oid); put(Int32(elems.count)); put(1)
        for e in elems { put(Int32(e.count)); out.append(contentsOf: e) }
        return out
    }

    static func u64(_ v: UInt64) -> Param { .i64(Int64(bitPattern: v)) }
    static func u32(_ v: UInt32) -> Param { .i64(Int64(v)) }
}

/// A query result (binary format); cleared on deinit.
final class PGResult {
    let res: OpaquePointer

    init(_ res: OpaquePointer) { self.res = res }
    deinit { PQclear(res) }

    var rows: Int { Int(PQntuples(res)) }
    /// Rows affected by INSERT/UPDATE/DELETE.
    var affected: Int { Int(String(cString: PQcmdTuples(res))) ?? 0 }
    var command: String { String(cString: PQcmdStatus(res)) }

    func isNull(_ r: Int, _ c: Int) -> Bool { PQgetisnull(res, Int32(r), Int32(c)) != 0 }

    /// The raw bytes of a value (borrowed: valid while this result lives).
    func raw(_ r: Int, _ c: Int) -> UnsafeBufferPointer<UInt8> {
        let n = Int(PQgetlength(res, Int32(r), Int32(c)))
        let p = PQgetvalue(res, Int32(r), Int32(c))!
        return UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n)
    }

    func i64(_ r: Int, _ c: Int) -> Int64 {
        let b = raw(r, c)
        guard b.count == 8 else { return 0 }
        return Int64(bigEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: Int64.self))
    }
    func u64(_ r: Int, _ c: Int) -> UInt64 { UInt64(bitPattern: i64(r, c)) }
    func i32(_ r: Int, _ c: Int) -> Int32 {
        let b = raw(r, c)
        guard b.count == 4 else { return 0 }
        return Int32(bigEndian: UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: Int32.self))
    }
    func u32(_ r: Int, _ c: Int) -> UInt32 { UInt32(truncatingIfNeeded: i64(r, c)) }
    func bytes(_ r: Int, _ c: Int) -> [UInt8] { Array(raw(r, c)) }
}

/// SQLSTATEs that mean "conflict: abort and run the transaction again".
private let retryStates: Set<String> = [
    "40001", // serialization_failure
    "40P01", // deadlock_detected
    "55P03", // lock_not_available (lock_timeout)
    "57014", // query_canceled (statement_timeout)
]

/// One libpq connection. Used by one thread at a time (the pool hands it
/// to one transaction, or the allocator holds it under its lock).
final class Conn {
    let pg: OpaquePointer
    /// Where it points, for messages (never the password).
    let target: String

    /// Connects and checks the connection; fails AGAIN with libpq's message.
    init(conninfo: String) throws {
        guard let pg = PQconnectdb(conninfo) else {
            throw PluginError(DFS_ERR_NOMEM, "postgres: cannot allocate a connection")
        }
        let host = PQhost(pg).map { String(cString: $0) } ?? "?"
        let port = PQport(pg).map { String(cString: $0) } ?? "?"
        let target = "\(host.isEmpty ? "localhost" : host):\(port.isEmpty ? "5432" : port)"
        self.target = target
        if PQstatus(pg) != CONNECTION_OK {
            let msg = String(cString: PQerrorMessage(pg)).trimmingTrailingNewlines
            PQfinish(pg)
            throw PluginError(DFS_ERR_AGAIN, "postgres: cannot connect to \(target): \(msg)")
        }
        self.pg = pg
    }

    deinit { PQfinish(pg) }

    var healthy: Bool { PQstatus(pg) == CONNECTION_OK }
    /// True when the connection is outside any transaction.
    var idle: Bool { PQtransactionStatus(pg) == PQTRANS_IDLE }

    /// Turns a libpq result into a PGResult or a PluginError.
    private func check(_ res: OpaquePointer?, _ what: String) throws -> PGResult {
        guard let res else {
            let msg = String(cString: PQerrorMessage(pg)).trimmingTrailingNewlines
            throw PluginError(DFS_ERR_AGAIN, "postgres: \(what): no result from \(target): \(msg)")
        }
        let r = PGResult(res)
        let st = PQresultStatus(res)
        if st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK { return r }
        let state = PQresultErrorField(res, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let msg = String(cString: PQresultErrorMessage(res)).trimmingTrailingNewlines
        if retryStates.contains(state) {
            throw PluginError(DFS_ERR_RETRY, "postgres: \(what): conflict (SQLSTATE \(state)): \(msg)")
        }
        if state.hasPrefix("08") || !healthy {
            throw PluginError(DFS_ERR_AGAIN, "postgres: \(what): connection to \(target) failed (SQLSTATE \(state)): \(msg)")
        }
        throw PluginError(DFS_ERR_IO, "postgres: \(what) failed (SQLSTATE \(state)): \(msg)")
    }

    /// Runs SQL text (no parameters, text results).
    @discardableResult
    func exec(_ sql: String, _ what: String? = nil) throws -> PGResult {
        try check(PQexec(pg, sql), what ?? sql)
    }

    /// Prepares every statement of `stmts` on this connection.
    func prepare(_ stmts: [(name: String, sql: String)]) throws {
        for s in stmts {
            _ = try check(PQprepare(pg, s.name, s.sql, 0, nil), "prepare \(s.name)")
        }
    }

    /// Runs a prepared statement with binary parameters and binary results.
    func run(_ name: String, _ params: [Param]) throws -> PGResult {
        let wires = params.map(\.wire)
        let n = wires.count
        let total = wires.reduce(0) { $0 + ($1?.count ?? 0) }
        let buf = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        defer { buf.deallocate() }
        var values = [UnsafePointer<CChar>?](repeating: nil, count: n)
        var lengths = [Int32](repeating: 0, count: n)
        let formats = [Int32](repeating: 1, count: n)
        var off = 0
        for (i, w) in wires.enumerated() {
            guard let w else { continue }
            w.withUnsafeBufferPointer { src in
                if let base = src.baseAddress { (buf + off).update(from: base, count: src.count) }
            }
            values[i] = UnsafeRawPointer(buf + off).assumingMemoryBound(to: CChar.self)
            lengths[i] = Int32(w.count)
            off += w.count
        }
        let res = values.withUnsafeBufferPointer { v in
            lengths.withUnsafeBufferPointer { l in
                formats.withUnsafeBufferPointer { f in
                    PQexecPrepared(pg, name, Int32(n), v.baseAddress, l.baseAddress, f.baseAddress, 1)
                }
            }
        }
        return try check(res, name)
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = self
        while let c = s.last, c == "\n" || c == "\r" || c == " " { s.removeLast() }
        return s
    }
}
