#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the elements of a file's top-level JSON array without parsing the whole file at once,
/// so a day of a million records is read in bounded memory.
struct JSONArrayScanner {
    let path: String
    let chunkBytes = 1 << 20

    /// Calls `body` with each element's bytes and its 1-based position in the array.
    func forEachElement(_ body: (ArraySlice<UInt8>, Int) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw REACHArtifactError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var pending: [UInt8] = []      // bytes of the element being collected
        var depth = 0                   // nesting inside the top-level array
        var inString = false, escaped = false
        var started = false, finished = false
        var element = 0
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        while !finished {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard got >= 0 else { throw REACHArtifactError(path: path, reason: "read failed: \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            for byte in chunk[..<got] {
                if !started {
                    if byte == UInt8(ascii: "[") { started = true; continue }
                    if [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(byte) { continue }
                    throw REACHArtifactError(path: path, reason: "not a JSON array")
                }
                if finished {
                    guard [0x20, 0x09, 0x0A, 0x0D].contains(byte) else {
                        throw REACHArtifactError(path: path, reason: "text after the array's end")
                    }
                    continue
                }
                if inString {
                    pending.append(byte)
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                    else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                    pending.append(byte)
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    pending.append(byte)
                // A stray "}" at the top level stays in the element, whose JSON parse then names it.
                case UInt8(ascii: "}") where depth > 0, UInt8(ascii: "]") where depth > 0:
                    depth -= 1
                    pending.append(byte)
                case UInt8(ascii: "]"):
                    finished = true
                    if pending.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                        element += 1
                        try body(pending[...], element)
                    }
                    pending.removeAll(keepingCapacity: true)
                case UInt8(ascii: ",") where depth == 0:
                    element += 1
                    try body(pending[...], element)
                    pending.removeAll(keepingCapacity: true)
                default:
                    pending.append(byte)
                }
            }
        }
        guard started else { throw REACHArtifactError(path: path, reason: "empty file, not a JSON array") }
        guard finished else { throw REACHArtifactError(path: path, reason: "truncated: the array never closes") }
    }
}
