#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A structural check of an ELF shared object before it is handed to
/// dlopen(). glibc's loader trusts the file: a truncated library whose
/// segments point past the end of the file is mapped anyway and the process
/// dies with SIGBUS/SIGSEGV inside dlopen(). These checks turn that into a
/// clear error.
enum ELFCheck {
    /// nil when the file looks like a complete shared object for this
    /// machine; otherwise the reason it is not.
    static func problem(path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "cannot open: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return "cannot stat: \(String(cString: strerror(errno)))" }
        let size = UInt64(st.st_size)
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard offset <= size, UInt64(count) <= size - offset else { return nil }
            var buf = [UInt8](repeating: 0, count: count)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? buf : nil
        }
        guard let h = read(0, 64) else {
            return "not a shared library (file of \(size) bytes is too short for an ELF header)"
        }
        guard h[0] == 0x7F, h[1] == 0x45, h[2] == 0x4C, h[3] == 0x46 else {
            return "not a shared library (no ELF header; truncated or not a .so)"
        }
        guard h[4] == 2 else { return "not a 64-bit ELF file" }
        guard h[5] == 1 else { return "not a little-endian ELF file" }
        let type = u16(h, 16), machine = u16(h, 18)
        guard type == 3 else { return "ELF file is not a shared object (e_type \(type))" }
        #if arch(x86_64)
        let expected: UInt16 = 62
        #elseif arch(arm64)
        let expected: UInt16 = 183
        #else
        let expected = machine
        #endif
        guard machine == expected else { return "built for another machine (ELF e_machine \(machine), this host needs \(expected))" }
        let phoff = u64(h, 32), shoff = u64(h, 40)
        let phentsize = UInt64(u16(h, 54)), phnum = UInt64(u16(h, 56))
        let shentsize = UInt64(u16(h, 58)), shnum = UInt64(u16(h, 60))
        guard phnum > 0, phentsize >= 56 else { return "ELF file has no program headers" }
        guard phoff < size, phentsize * phnum <= size - phoff else {
            return "truncated: program headers end past the end of the file (\(size) bytes)"
        }
        if shoff != 0 {
            guard shoff < size, shentsize * shnum <= size - shoff else {
                return "truncated: section headers end past the end of the file (\(size) bytes)"
            }
        }
        guard let ph = read(phoff, Int(phentsize * phnum)) else { return "truncated: cannot read program headers" }
        for i in 0..<Int(phnum) {
            let base = i * Int(phentsize)
            let ptype = u32(ph, base), offset = u64(ph, base + 8), filesz = u64(ph, base + 32)
            // PT_LOAD (1), PT_DYNAMIC (2), PT_INTERP (3), PT_NOTE (4), PT_GNU_* …: all must lie in the file.
            if ptype != 0 && filesz > 0 && (offset > size || filesz > size - offset) {
                return "truncated: segment \(i) (type \(ptype)) ends at byte \(offset &+ filesz), past the end of the file (\(size) bytes)"
            }
        }
        return nil
    }

    private static func u16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) | UInt16(b[o + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ o: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[o + $1]) << (8 * $1) } }
    private static func u64(_ b: [UInt8], _ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[o + $1]) << (8 * $1) } }
}
