// Temporary: replaced by the real case groups.
func metadataCases() -> [ConformanceCase] { [] }
func payloadCases() -> [ConformanceCase] { [] }
func posixCases() -> [ConformanceCase] { [] }
