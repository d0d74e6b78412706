import HostCore
import HostPlugins
import Testing

@Suite struct NamesTests {
    static let valid: [[UInt8]] = [
        Array("a".utf8), Array("file.txt".utf8), Array("...".utf8), Array(".hidden".utf8),
        [0xFF, 0xFE, 0x80], Array("spaces and \\ back".utf8), [UInt8](repeating: 0x61, count: 255),
    ]

    @Test(arguments: valid)
    func validNames(name: [UInt8]) throws {
        try Names.validate(name)
    }

    @Test(arguments: [
        ([], DFSStatus.inval),
        (Array("a/b".utf8), .inval),
        (Array("/".utf8), .inval),
        ([0x61, 0x00, 0x62], .inval),
        ([UInt8](repeating: 0x61, count: 256), .nameTooLong),
    ] as [([UInt8], DFSStatus)])
    func invalidNames(name: [UInt8], status: DFSStatus) {
        #expect(throws: DFSError(status)) { try Names.validate(name) }
    }

    @Test func dotsAreLookupNamesButNotNewNames() throws {
        try Names.validate(Names.dot)
        try Names.validate(Names.dotDot)
        #expect(Names.isDotOrDotDot(Names.dot))
        #expect(Names.isDotOrDotDot(Names.dotDot))
        #expect(!Names.isDotOrDotDot(Array("...".utf8)))
        #expect(throws: DFSError(.exist)) { try Names.validateNew(Names.dot) }
        #expect(throws: DFSError(.exist)) { try Names.validateNew(Names.dotDot) }
        try Names.validateNew(Array("x".utf8))
    }
}
