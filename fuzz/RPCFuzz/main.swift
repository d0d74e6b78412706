// libFuzzer target for the ONC RPC layer of NFSWire: record reassembly,
// call/reply/AUTH_SYS decoding (with round-trip checks) and the duplicate
// request cache. Built and run by scripts/fuzz.sh; the logic lives in
// Sources/NFSWire/RPC/RPCFuzzHarness.swift so unit tests replay crashers
// through exactly the same code.
@_spi(Fuzzing) import NFSWire

@_cdecl("LLVMFuzzerTestOneInput")
public func rpcFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    RPCFuzzHarness.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
