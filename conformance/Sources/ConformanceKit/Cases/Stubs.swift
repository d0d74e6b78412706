// Temporary: replaced by the real case groups.
func posixCases() -> [ConformanceCase] { [] }
