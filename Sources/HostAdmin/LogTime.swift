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

    /// Parses an ISO-8601 / RFC 3339 date-time `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM)`.
    /// Hand-rolled (no formatter per line): `--since` reads many lines.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func num(_ i: Int, _ n: Int) -> Int? {
            var v = 0
            for k in i..<(i + n) {
                guard k < b.count, b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            return v
        }
        guard let year = num(0, 4), b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2),
              b[10] == 84 || b[10] == 116, let hour = num(11, 2), b[13] == 58, let minute = num(14, 2), b[16] == 58,
              let second = num(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 46 {  // "."
            var scale = 0.1
            i += 1
            let digitsStart = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            if i == digitsStart { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case 90, 122: i += 1  // Z
        case 43, 45:          // + -
            guard let h = num(i + 1, 2) else { return nil }
            var j = i + 3
            if j < b.count, b[j] == 58 { j += 1 }
            guard let m = num(j, 2), h < 24, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (b[i] == 45 ? -1 : 1)
            i = j + 2
        default: return nil
        }
        guard i == b.count else { return nil }
        // Days since the epoch (proleptic Gregorian), then seconds.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
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
