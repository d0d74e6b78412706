import Foundation

extension ServerConfig {
    /// The mask that replaces a secret.
    public static let mask = "********"

    /// A copy safe to print: the password in `database.dsn` masked.
    public func redacted() -> ServerConfig {
        var c = self
        c.database.dsn = Self.redactDSN(database.dsn)
        return c
    }

    /// Masks the password of a PostgreSQL connection string, in either form:
    /// key=value (`password=secret`, `password='s e'`) and URL
    /// (`postgres://user:secret@host`, `?password=secret`).
    public static func redactDSN(_ dsn: String) -> String {
        var s = dsn
        // URL userinfo: scheme://user:password@host/...
        if let scheme = s.range(of: "://") {
            let authorityEnd = s[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? s.endIndex
            if let at = s[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
               let colon = s[scheme.upperBound..<at].firstIndex(of: ":") {
                s.replaceSubrange(s.index(after: colon)..<at, with: mask)
            }
        }
        // key=value: password = 'quoted with \' escapes' | bare
        let kv = #"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)"#
        if let re = try? NSRegularExpression(pattern: kv) {
            s = re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "$1" + mask)
        }
        return s
    }
}
