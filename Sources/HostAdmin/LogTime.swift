import Foundation

/// Timestamps of log lines and `--since` values.
public enum LogTime {
    /// The ISO-8601 timestamp a log line starts with: text lines
    /// (`2026-11-21T04:10:22+0000 info ...`) or JSON lines (`{"ts":"2026-11-21T04:10:22Z",...}`).
    /// Nil when the line has none (continuation lines of a multi-line message).
    public static func timestamp(ofLine line: Substring) -> Date? {
        var s = line.drop(while: { $0 == " " })
        if s.hasPrefix("{") {
            guard let r = s.range(of: "\"ts\"") else { return nil }
            s = s[r.upperBound...].drop(while: { $0 == " " || $0 == ":" })
            guard s.first == "\"" else { return nil }
            s = s.dropFirst()
            guard let end = s.firstIndex(of: "\"") else { return nil }
            return parse(String(s[..<end]))
        }
        let token = s.prefix(while: { $0 != " " && $0 != "\t" })
        return parse(String(token))
    }

    /// Parses an ISO-8601 / RFC 3339 date-time: `Z`, `+0000` or `+00:00`
    /// offsets, optional fractional seconds.
    public static func parse(_ text: String) -> Date? {
        guard text.count >= 19, text.dropFirst(4).first == "-", text.dropFirst(10).first == "T" || text.dropFirst(10).first == "t" else { return nil }
        var t = text.replacingOccurrences(of: "t", with: "T", options: [], range: text.index(text.startIndex, offsetBy: 10)..<text.index(text.startIndex, offsetBy: 11))
        // Drop fractional seconds (second precision is enough for --since).
        if let dot = t.firstIndex(of: "."), t.distance(from: t.startIndex, to: dot) == 19 {
            let rest = t[t.index(after: dot)...].drop(while: { $0.isNumber })
            t = String(t[..<dot]) + rest
        }
        // +0000 → +00:00
        if t.count == 24, let sign = t.dropFirst(19).first, sign == "+" || sign == "-" {
            t.insert(":", at: t.index(t.startIndex, offsetBy: 22))
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: t)
    }

    /// `--since`: a duration before `now` (`90s`, `10m`, `1h`, `2d`, `1h30m`)
    /// or an RFC 3339 time. Throws a message naming the accepted forms.
    public static func since(_ text: String, now: Date) throws -> Date {
        let s = text.trimmingCharacters(in: .whitespaces)
        if let d = parse(s) { return d }
        var seconds = 0.0, number = "", sawUnit = false
        for ch in s {
            if ch.isNumber { number.append(ch); continue }
            let unit: Double
            switch ch {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            default: throw LogTimeError(text: text)
            }
            guard let n = Double(number) else { throw LogTimeError(text: text) }
            seconds += n * unit; number = ""; sawUnit = true
        }
        guard sawUnit, number.isEmpty else { throw LogTimeError(text: text) }
        return now.addingTimeInterval(-seconds)
    }
}

/// A `--since` value that is neither a duration nor a time.
public struct LogTimeError: Error, CustomStringConvertible, Equatable {
    public var text: String
    public var description: String {
        "--since \"\(text)\": use a duration (30s, 10m, 1h, 2d, 1h30m) or an RFC 3339 time (2026-11-21T04:10:22Z)"
    }
}
