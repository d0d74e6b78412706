import HostCore
import HostPlugins
import Testing

@Suite struct FileHandleTests {
    @Test func roundTrip() throws {
        let fh = FileHandle(shareID: 0xDEAD_BEEF_0000_0001, ino: 42, generation: 0x0123_4567_89AB_CDEF)
        let bytes = fh.encode()
        #expect(bytes.count == FileHandle.encodedLength)
        #expect(bytes.count <= FileHandle.maxLength)
        #expect(bytes[0] == FileHandle.currentVersion)
        #expect(try FileHandle(bytes: bytes) == fh)
    }

    @Test func deterministic() {
        let a = FileHandle(shareID: 7, ino: 9, generation: 11)
        #expect(a.encode() == FileHandle(shareID: 7, ino: 9, generation: 11).encode())
        #expect(a.encode() != FileHandle(shareID: 7, ino: 9, generation: 12).encode())
        #expect(a.encode() != FileHandle(shareID: 8, ino: 9, generation: 11).encode())
    }

    @Test(arguments: [0, 1, 28, 30, 64, 200])
    func wrongLengthIsBadHandle(length: Int) {
        let bytes = [UInt8](repeating: 1, count: length)
        #expect(throws: DFSError(.badHandle)) { try FileHandle(bytes: bytes) }
    }

    @Test func everySingleBitFlipIsBadHandle() {
        let good = FileHandle(shareID: 3, ino: 1234, generation: 99).encode()
        for i in 0..<good.count {
            for bit in 0..<8 {
                var b = good
                b[i] ^= UInt8(1 << bit)
                #expect(throws: DFSError(.badHandle), "byte \(i) bit \(bit)") { try FileHandle(bytes: b) }
            }
        }
    }

    @Test func unknownVersionIsBadHandle() {
        var b = FileHandle(shareID: 1, ino: 2, generation: 3).encode()
        b[0] = 2
        #expect(throws: DFSError(.badHandle)) { try FileHandle(bytes: b) }
    }

    @Test func inodeZeroIsBadHandle() {
        let b = FileHandle(shareID: 1, ino: 0, generation: 3).encode()
        #expect(throws: DFSError(.badHandle)) { try FileHandle(bytes: b) }
    }

    @Test func randomGarbageIsBadHandle() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let b = (0..<FileHandle.encodedLength).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(throws: DFSError(.badHandle)) { try FileHandle(bytes: b) }
        }
    }
}
