/// POSIX scenarios through the host's file-system core (HostCore) on top of
/// the metadata store under test, paired with the in-process memory payload
/// store. They check that a store keeps what the core relies on: inodes and
/// dirents verbatim, stable cookies, serializable transactions, roots and kv
/// across reopen.
func posixCases() -> [ConformanceCase] {
    var all: [ConformanceCase] = []
    all += posixNamespaceCases()
    all += posixRenameCases()
    all += posixPermissionCases()
    all += posixDataCases()
    all += posixReadDirCases()
    all += posixHandleCases()
    all += posixTimeCases()
    return all
}
