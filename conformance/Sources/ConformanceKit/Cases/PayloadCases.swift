import HostPlugins

/// Every payload-store case, group by group.
func payloadCases() -> [ConformanceCase] {
    var all: [ConformanceCase] = []
    all += configCases(.payload)
    return all
}
