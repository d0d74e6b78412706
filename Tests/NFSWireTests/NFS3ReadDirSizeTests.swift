import NFSWire
import NIOCore
import Testing

/// The READDIR/READDIRPLUS size helpers match the real encoded sizes, and
/// the budget fills a reply up to count/maxcount without exceeding it.
@Suite("NFS3 readdir sizes")
struct NFS3ReadDirSizeTests {
    static func name(_ length: Int) -> [UInt8] { (0..<length).map { UInt8(0x61 + $0 % 26) } }

    @Test func entrySizesMatchEncoding() {
        for length in 0...12 {
            let entry = Entry3(fileid: 1, name: Self.name(length), cookie: 2)
            // The "value follows" word belongs to the entry's share.
            #expect(entry.encodedSize == entry.encoded().readableBytes + 4)
            #expect(entry.encodedSize == Entry3.encodedSize(nameLength: length))
            for attrs in [nil, S.attr(3)] {
                for handle in [nil, FileHandle3(bytes: []), S.fh2, S.fh, S.fhMax] {
                    let plus = EntryPlus3(fileid: 1, name: Self.name(length), cookie: 2, nameAttributes: attrs, nameHandle: handle)
                    #expect(plus.encodedSize == plus.encoded().readableBytes + 4)
                    #expect(plus.dirInfoSize == entry.encodedSize)
                }
            }
        }
    }

    @Test func resultSizesMatchEncoding() {
        for count in 0...5 {
            for dirAttrs in [nil, S.attr(2, .dir)] {
                let entries = (0..<count).map { Entry3(fileid: UInt64($0), name: Self.name($0 * 3), cookie: UInt64($0 + 1)) }
                let ok = ReadDir3ResOK(dirAttributes: dirAttrs, cookieVerf: 1, entries: entries, eof: true)
                #expect(ok.encodedSize == ok.encoded().readableBytes)
                let plusEntries = (0..<count).map {
                    EntryPlus3(fileid: UInt64($0), name: Self.name($0 * 5), cookie: UInt64($0 + 1),
                               nameAttributes: $0 % 2 == 0 ? S.attr(9) : nil, nameHandle: $0 % 3 == 0 ? nil : S.fh)
                }
                let plus = ReadDirPlus3ResOK(dirAttributes: dirAttrs, cookieVerf: 1, entries: plusEntries, eof: false)
                #expect(plus.encodedSize == plus.encoded().readableBytes)
            }
        }
        #expect(ReadDir3ResOK.emptySize(hasDirAttributes: false) == 20)
        #expect(ReadDir3ResOK.emptySize(hasDirAttributes: true) == 104)
    }

    @Test(arguments: [UInt32(0), 20, 103, 104, 200, 512, 1000, 4096])
    func readdirBudgetFillsUpToCountExactly(count: UInt32) {
        let dirAttrs = S.attr(2, .dir)
        var budget = DirListBudget3(readDirCount: count, hasDirAttributes: true)
        var entries: [Entry3] = []
        var next = Entry3(fileid: 0, name: Self.name(1), cookie: 1)
        while budget.add(next) {
            entries.append(next)
            let i = entries.count
            next = Entry3(fileid: UInt64(i), name: Self.name(1 + i % 9), cookie: UInt64(i + 1))
        }
        let ok = ReadDir3ResOK(dirAttributes: dirAttrs, cookieVerf: 0, entries: entries, eof: false)
        let size = ok.encoded().readableBytes
        #expect(budget.used == size)
        #expect(budget.entryCount == entries.count)
        if budget.emptyReplyExceedsLimit {
            #expect(entries.isEmpty)
        } else {
            #expect(size <= Int(count))
            // The entry that did not fit really would have overflowed.
            #expect(size + next.encodedSize > Int(count))
        }
    }

    @Test(arguments: [(UInt32(400), UInt32(8192)), (8192, 600), (8192, 8192), (100, 100), (0, 4096)])
    func readdirplusBudgetRespectsDirCountAndMaxCount(dirCount: UInt32, maxCount: UInt32) {
        var budget = DirListBudget3(dirCount: dirCount, maxCount: maxCount, hasDirAttributes: false)
        var entries: [EntryPlus3] = []
        func make(_ i: Int) -> EntryPlus3 {
            EntryPlus3(fileid: UInt64(i), name: Self.name(3 + i % 7), cookie: UInt64(i + 1), nameAttributes: S.attr(UInt64(i)), nameHandle: S.fh)
        }
        while budget.add(make(entries.count)) { entries.append(make(entries.count)) }
        let ok = ReadDirPlus3ResOK(dirAttributes: nil, cookieVerf: 0, entries: entries, eof: false)
        let size = ok.encoded().readableBytes
        let dirInfo = entries.reduce(0) { $0 + $1.dirInfoSize }
        #expect(budget.used == size && budget.dirInfoUsed == dirInfo)
        if !budget.emptyReplyExceedsLimit {
            #expect(size <= Int(maxCount))
            #expect(dirInfo <= Int(dirCount))
            let rejected = make(entries.count)
            #expect(size + rejected.encodedSize > Int(maxCount) || dirInfo + rejected.dirInfoSize > Int(dirCount))
        }

        // Ignoring dircount, only maxcount limits.
        var loose = DirListBudget3(dirCount: dirCount, maxCount: maxCount, hasDirAttributes: false, enforceDirCount: false)
        var n = 0
        while loose.add(make(n)) { n += 1 }
        #expect(n >= entries.count)
        #expect(loose.used <= max(Int(maxCount), ReadDirPlus3ResOK.emptySize(hasDirAttributes: false)))
    }
}
