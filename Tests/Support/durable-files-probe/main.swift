// A separate process for the DurableFiles tests, because locks and renames only prove anything
// across processes:
//   durable-files-probe hold-lock LOCK READY        take LOCK, create READY, sleep until killed
//   durable-files-probe write DEST READY BYTES      write BYTES into a DurableFile for DEST, create
//                                                   READY (holding the temporary's path), sleep until killed
//   durable-files-probe commit DEST BYTES SEED      write BYTES derived from SEED to DEST and commit
import DurableFiles
import Foundation

let arguments = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}
func pattern(_ count: Int, seed: UInt8) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ seed } }

switch arguments.dropFirst().first {
case "hold-lock" where arguments.count == 4:
    guard let lock = try FileLock.tryAcquire(arguments[2]) else { fail("busy") }
    guard FileManager.default.createFile(atPath: arguments[3], contents: Data(lock.path.utf8)) else { fail("cannot write \(arguments[3])") }
    while true { sleep(60) }
case "write" where arguments.count == 5:
    let file = try DurableFile(destination: arguments[2])
    try file.write(pattern(Int(arguments[4]) ?? 0, seed: 0))
    guard FileManager.default.createFile(atPath: arguments[3], contents: Data(file.temporaryPath.utf8)) else { fail("cannot write \(arguments[3])") }
    while true { sleep(60) }
case "commit" where arguments.count == 5:
    let file = try DurableFile(destination: arguments[2])
    let bytes = pattern(Int(arguments[3]) ?? 0, seed: UInt8(arguments[4]) ?? 0)
    for start in stride(from: 0, to: bytes.count, by: 65_536) {
        try file.write(Array(bytes[start..<min(start + 65_536, bytes.count)]))
    }
    try file.commit()
default:
    fail("usage: durable-files-probe hold-lock LOCK READY | write DEST READY BYTES | commit DEST BYTES SEED")
}
