import HostPlugins

/// Every metadata-store case, group by group.
func metadataCases() -> [ConformanceCase] {
    var all: [ConformanceCase] = []
    all += metadataInodeCases()
    all += metadataDirentCases()
    all += metadataListingCases()
    all += metadataRootCases()
    all += metadataKVCases()
    all += metadataTxnCases()
    all += metadataIsolationCases()
    all += metadataConcurrencyCases()
    all += metadataPersistenceCases()
    all += metadataModelCases()
    all += configCases(.metadata)
    return all
}
