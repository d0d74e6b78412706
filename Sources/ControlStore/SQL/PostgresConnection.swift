import CLibPQ
import Foundation

/// One libpq connection, used by one thread at a time (the pool hands it
/// out). Parameters and results travel in text format; result columns are
/// typed by their OID (integers, bytea, the rest as text).
final class PGConnection {
    private let pg: OpaquePointer
    /// host:port, for messages (never the password).
    let target: String

    /// Connects, then sets `search_path` to `schema` (quoted) so that every
    /// statement names its tables unqualified.
    init(conninfo: String, schema: String) throws {
        guard let pg = PQconnectdb(conninfo) else {
            throw ControlStoreError.backend("postgres: cannot allocate a connection")
        }
        let host = PQhost(pg).map { String(cString: $0) } ?? ""
        let port = PQport(pg).map { String(cString: $0) } ?? ""
        target = "\(host.isEmpty ? "localhost" : host):\(port.isEmpty ? "5432" : port)"
        if PQstatus(pg) != CONNECTION_OK {
            let msg = String(cString: PQerrorMessage(pg)).trimmedMessage
            PQfinish(pg)
            throw ControlStoreError.backend("postgres: cannot connect to \(target): \(msg)")
        }
        self.pg = pg
        try exec("SET client_min_messages TO warning")
        try exec("SET search_path TO \(schema)")
    }

    deinit { PQfinish(pg) }

    /// False once the connection broke.
    var healthy: Bool { PQstatus(pg) == CONNECTION_OK }
    /// True outside any transaction (a connection fit to go back to the pool).
    var idle: Bool { PQtransactionStatus(pg) == PQTRANS_IDLE }

    /// Runs SQL text without parameters.
    func exec(_ sql: String) throws {
        _ = try check(PQexec(pg, sql), sql)
    }

    /// Runs `sql` (placeholders already `$n`) with text parameters; returns
    /// the rows and the number of rows changed.
    func run(_ sql: String, _ params: [SQLValue]) throws -> (rows: [SQLRow], changes: Int) {
        try SQLValue.checkNoNUL(params)
        let texts: [String?] = params.map {
            switch $0 {
            case .null: nil
            case .int(let v): String(v)
            case .text(let s): s
            case .blob(let b): "\\x" + b.map { String(format: "%02x", $0) }.joined()
            }
        }
        let cstrings = texts.map { $0.map { strdup($0)! } }
        defer { cstrings.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = cstrings.map { $0.map { UnsafePointer($0) } }
        let res = values.withUnsafeBufferPointer {
            PQexecParams(pg, sql, Int32(params.count), nil, $0.baseAddress, nil, nil, 0)
        }
        let r = try check(res, sql)
        defer { PQclear(r) }
        let changes = Int(String(cString: PQcmdTuples(r))) ?? 0
        let nrows = PQntuples(r), ncols = PQnfields(r)
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(nrows))
        let types = (0..<ncols).map { PQftype(r, $0) }
        for i in 0..<nrows {
            var values: [SQLValue] = []
            for c in 0..<ncols {
                if PQgetisnull(r, i, c) != 0 { values.append(.null); continue }
                let s = String(cString: PQgetvalue(r, i, c))
                switch types[Int(c)] {
                case 20, 21, 23: values.append(.int(Int64(s) ?? 0))        // int8, int2, int4
                case 16: values.append(.int(s == "t" ? 1 : 0))             // bool
                case 17: values.append(.blob(Self.unhex(s)))               // bytea (hex output)
                default: values.append(.text(s))
                }
            }
            rows.append(SQLRow(values: values))
        }
        return (rows, changes)
    }

    /// The bytes of bytea's hex output ("\x0a1b...").
    static func unhex(_ s: String) -> [UInt8] {
        var u = Array(s.utf8)
        if u.count >= 2, u[0] == UInt8(ascii: "\\"), u[1] == UInt8(ascii: "x") { u.removeFirst(2) }
        func nib(_ c: UInt8) -> UInt8 {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: 0
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i + 1 < u.count {
            out.append(nib(u[i]) << 4 | nib(u[i + 1]))
            i += 2
        }
        return out
    }

    /// Returns the result if it succeeded; otherwise clears it and throws.
    private func check(_ res: OpaquePointer?, _ sql: String) throws -> OpaquePointer {
        guard let res else {
            let msg = String(cString: PQerrorMessage(pg)).trimmedMessage
            throw ControlStoreError.backend("postgres: no result from \(target): \(msg)")
        }
        let st = PQresultStatus(res)
        if st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK { return res }
        let state = PQresultErrorField(res, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let msg = String(cString: PQresultErrorMessage(res)).trimmedMessage
        PQclear(res)
        switch state {
        case "23505": throw ControlStoreError.alreadyExists("already exists (\(msg))")
        case "23503": throw ControlStoreError.conflict("refers to something that does not exist or is still referenced (\(msg))")
        case "40001", "40P01", "55P03":
            throw ControlStoreError.conflict("a concurrent change got in the way; try again (\(msg))")
        default:
            if state.hasPrefix("08") || !healthy {
                throw ControlStoreError.backend("postgres: connection to \(target) failed: \(msg)")
            }
            let head = sql.split(separator: "\n").first.map(String.init) ?? sql
            throw ControlStoreError.backend("postgres error \(state): \(msg) (in: \(head.prefix(80)))")
        }
    }
}

extension String {
    /// Without trailing newlines and spaces (libpq's messages end in "\n").
    var trimmedMessage: String {
        var s = self
        while let c = s.last, c == "\n" || c == "\r" || c == " " { s.removeLast() }
        return s
    }
}
