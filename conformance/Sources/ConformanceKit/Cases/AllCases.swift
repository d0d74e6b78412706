/// Every case of the suite. Each group lives in its own file under Cases/.
func allCases() -> [ConformanceCase] {
    var all: [ConformanceCase] = []
    all += metadataCases()
    all += payloadCases()
    all += posixCases()
    return all
}
