import Foundation

extension RunReport {
    /// The report as JUnit XML (one <testsuite> per plugin).
    public func junitXML() -> String {
        func esc(_ s: String) -> String {
            var o = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "&": o += "&amp;"
                case "<": o += "&lt;"
                case ">": o += "&gt;"
                case "\"": o += "&quot;"
                case "\n", "\t": o.unicodeScalars.append(ch)
                default:
                    // XML 1.0 forbids most control characters.
                    if ch.value < 0x20 { o += "?" } else { o.unicodeScalars.append(ch) }
                }
            }
            return o
        }
        let total = outcomes.reduce(0.0) { $0 + $1.seconds }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites>\n"
        x += "  <testsuite name=\"dfs-conformance.\(esc(kind.description)).\(esc(plugin))\" tests=\"\(outcomes.count)\" failures=\"\(failed)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", total))\">\n"
        for o in outcomes {
            x += "    <testcase classname=\"\(esc(kind.description)).\(esc(plugin))\" name=\"\(esc(o.id))\" time=\"\(String(format: "%.3f", o.seconds))\""
            switch o.status {
            case .passed: x += "/>\n"
            case .failed: x += ">\n      <failure message=\"\(esc(String(o.message.prefix(200))))\">\(esc(o.message))</failure>\n    </testcase>\n"
            case .skipped: x += ">\n      <skipped message=\"\(esc(o.message))\"/>\n    </testcase>\n"
            }
        }
        x += "  </testsuite>\n</testsuites>\n"
        return x
    }
}
