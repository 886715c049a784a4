import FerryTestSupport
import Foundation
import Glibc
import TarArchive

/// A directory of files covering what a tar writer must get right: long and deep paths, non-ASCII
/// names, an empty file, a file of several MB, distinct modes and modification times.
struct SourceTree {
    /// One file to create: its relative path, bytes, permission bits and modification time.
    struct File {
        let path: String
        let bytes: [UInt8]
        let mode: Int
        let seconds: Int
        let microseconds: Int
    }

    let directory: TemporaryDirectory
    let root: String
    let files: [File]

    /// Relative paths of the files, in the order given (the writer sorts them itself).
    var paths: [String] { files.map(\.path) }

    static let deepPath = (1...16).map { "level-\($0)-directory" }.joined(separator: "/") + "/deep.txt"
    static let splittablePath = "a-folder-with-a-fairly-long-name/" + String(repeating: "n", count: 90) + ".txt"
    static let longComponentPath = "plain/" + String(repeating: "x", count: 120) + ".bin"
    static let nonASCIIPath = "données/été-ñ-日本語.txt"

    /// The standard tree: every case above, distinct mtimes, modes 0640 and 0755.
    static func standard() throws -> SourceTree {
        try SourceTree(files: [
            File(path: "empty.dat", bytes: [], mode: 0o640, seconds: 1_500_000_000, microseconds: 0),
            File(path: "large/several-megabytes.bin", bytes: largeContent, mode: 0o755, seconds: 1_600_000_001, microseconds: 0),
            File(path: deepPath, bytes: Array("deep\n".utf8), mode: 0o640, seconds: 1_600_000_002, microseconds: 0),
            File(path: splittablePath, bytes: Array("split between prefix and name\n".utf8), mode: 0o644,
                 seconds: 1_600_000_003, microseconds: 0),
            File(path: longComponentPath, bytes: Array(repeating: 0x5a, count: 513), mode: 0o755,
                 seconds: 1_600_000_004, microseconds: 0),
            // Gets a pax header (non-ASCII), which carries the fraction of its mtime.
            File(path: nonASCIIPath, bytes: Array("accents\n".utf8), mode: 0o640, seconds: 1_700_000_000,
                 microseconds: 250_000),
            File(path: "zz-last.txt", bytes: Array(repeating: 0x41, count: 512), mode: 0o600, seconds: 1_234_567_890,
                 microseconds: 0),
        ])
    }

    /// 5 MiB and a bit of seeded random bytes, made once: every test builds its own tree from them.
    static let largeContent: [UInt8] = {
        var generator = SeededGenerator(seed: 7)
        let words = (0..<(5 * 1_048_576 / 8 + 16)).map { _ in generator.next() }
        return Array(words.withUnsafeBytes { $0.prefix(5 * 1_048_576 + 123) })
    }()

    init(files: [File]) throws {
        directory = try TemporaryDirectory()
        root = directory.path("source")
        self.files = files
        for file in files {
            let path = root + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data(file.bytes)) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            try Self.setModeAndTime(path, mode: file.mode, seconds: file.seconds, microseconds: file.microseconds)
        }
    }

    /// chmod and utimes, throwing with the errno's text on failure.
    static func setModeAndTime(_ path: String, mode: Int, seconds: Int, microseconds: Int) throws {
        guard chmod(path, mode_t(mode)) == 0 else { throw SystemError(call: "chmod \(path)") }
        let times = [timeval(tv_sec: seconds, tv_usec: microseconds), timeval(tv_sec: seconds, tv_usec: microseconds)]
        guard utimes(path, times) == 0 else { throw SystemError(call: "utimes \(path)") }
    }

    /// Writes the archive of all files to `archivePath` as packaging does (past the page cache).
    func writeArchive(to archivePath: String) throws -> TarArchiveSummary {
        let descriptor = open(archivePath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemError(call: "open \(archivePath)") }
        defer { close(descriptor) }
        return try TarArchiveWriter(sourceRoot: root).write(members: paths, to: FileDescriptorSink(fileDescriptor: descriptor, bypassingPageCache: true))
    }
}

/// A failed system call, with errno's text.
struct SystemError: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    init(call: String) {
        self.call = call
        code = errno
    }
    var description: String { "\(call): \(String(cString: strerror(code)))" }
}
