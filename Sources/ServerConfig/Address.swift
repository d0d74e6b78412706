#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks listen addresses without resolving them.
enum Address {
    /// An IPv4 or IPv6 literal, or a syntactically valid host name.
    static func isValid(_ s: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, s, &v4) == 1 || inet_pton(AF_INET6, s, &v6) == 1 { return true }
        // Dotted digits that inet_pton refused (999.1.1.1) are a bad IPv4 address, not a name.
        if s.allSatisfy({ $0.isNumber || $0 == "." }) || s.contains(":") { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        return s.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
