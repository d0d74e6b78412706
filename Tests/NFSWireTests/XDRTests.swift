import NIOCore
import NFSWire
import Testing

@Suite("XDR")
struct XDRTests {
    @Test func roundTripsEveryPrimitive() throws {
        var w = XDRWriter()
        w.uint32(0xDEAD_BEEF)
        w.int32(-2)
        w.uint64(UInt64.max - 1)
        w.int64(Int64.min)
        w.bool(true)
        w.opaque([1, 2, 3])
        w.fixedOpaque([9, 9, 9, 9, 9])
        w.string("héllo")
        w.optional(UInt32(7)) { $0.uint32($1) }
        w.optional(UInt32?.none) { $0.uint32($1) }
        // Every item is padded to 4 bytes.
        #expect(w.buffer.readableBytes % 4 == 0)
        var r = XDRReader(w.buffer)
        #expect(try r.uint32() == 0xDEAD_BEEF)
        #expect(try r.int32() == -2)
        #expect(try r.uint64() == UInt64.max - 1)
        #expect(try r.int64() == Int64.min)
        #expect(try r.bool() == true)
        #expect(try r.opaque(maximum: 3) == [1, 2, 3])
        #expect(try r.fixedOpaque(5) == [9, 9, 9, 9, 9])
        #expect(try r.string(maximum: 255) == Array("héllo".utf8))
        #expect(try r.optional { (r: inout XDRReader) throws(XDRError) in try r.uint32() } == 7)
        #expect(try r.optional { (r: inout XDRReader) throws(XDRError) in try r.uint32() } == nil)
        try r.finish()
    }

    @Test func rejectsBadInputWithoutTrapping() {
        var r = XDRReader(ByteBuffer(bytes: [0, 0, 0]))
        #expect(throws: XDRError.truncated(needed: 4, available: 3)) { try r.uint32() }
        var b = XDRReader(ByteBuffer(bytes: [0, 0, 0, 2]))
        #expect(throws: XDRError.badDiscriminant(2, type: "bool")) { try b.bool() }
        // A length word larger than the maximum, and larger than the input.
        var o = XDRReader(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        #expect(throws: XDRError.tooLong(length: 0xFFFF_FFFF, maximum: 64)) { try o.opaque(maximum: 64) }
        var t = XDRReader(ByteBuffer(bytes: [0, 0, 0, 8, 1, 2]))
        #expect(throws: XDRError.self) { try t.opaque(maximum: 64) }
        var extra = XDRReader(ByteBuffer(bytes: [0, 0, 0, 1, 0]))
        _ = try? extra.uint32()
        #expect(throws: XDRError.trailingBytes(1)) { try extra.finish() }
    }
}
