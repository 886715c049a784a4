#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One member's file, open for reading, with what `fstat` said when it was opened.
struct SourceFile: ~Copyable {
    let relativePath: String
    let descriptor: Int32
    let status: stat

    var size: Int { Int(status.st_size) }
    var permissions: Int { Int(status.st_mode) & 0o7777 }

    /// Opens `relativePath` under `root` (already resolved by realpath), refusing anything that is
    /// missing, unreadable, not a regular file, or that resolves outside the root.
    init(root: String, relativePath: String) throws {
        self.relativePath = relativePath
        let joined = root == "/" ? "/" + relativePath : root + "/" + relativePath
        guard let resolvedPointer = realpath(joined, nil) else {
            throw Self.openError(relativePath, errno)
        }
        let resolved = String(cString: resolvedPointer)
        free(resolvedPointer)
        let inside = root == "/" ? "/" : root + "/"
        // Bytes, not Characters: a combining mark after the slash must not hide the prefix.
        guard resolved.utf8.starts(with: inside.utf8), resolved.utf8.count > inside.utf8.count else {
            throw TarArchiveError.escapesRoot(path: relativePath, resolved: resolved)
        }
        // The resolved path has no links left; O_NOFOLLOW refuses one swapped in since. O_NONBLOCK keeps
        // a FIFO from blocking the open (fstat then refuses it); it changes nothing for regular files.
        let descriptor = open(resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { throw Self.openError(relativePath, errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw TarArchiveError.readFailed(path: relativePath, errno: code)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw TarArchiveError.notARegularFile(path: relativePath)
        }
        #if os(Linux)
        // Members are read once, front to back: a larger read-ahead keeps the disk busy.
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        self.descriptor = descriptor
        self.status = status
    }

    deinit { close(descriptor) }

    /// Asks the kernel to drop the file's pages from its cache once they are packed.
    ///
    /// Each member is read once: its pages would otherwise fill the cache with gigabytes nobody
    /// reads again, pushing out what others use, and every fresh page costs the kernel (most on a
    /// virtual machine whose memory is backed lazily); dropped pages are reused for the next member.
    func releaseCachedPages() {
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        #endif
    }

    /// Throws unless a fresh `fstat` shows the size and modification time seen at open.
    func checkUnchanged() throws {
        var now = stat()
        guard fstat(descriptor, &now) == 0 else {
            throw TarArchiveError.readFailed(path: relativePath, errno: errno)
        }
        if now.st_size != status.st_size {
            throw TarArchiveError.changedWhilePacking(
                path: relativePath, detail: "its size went from \(status.st_size) to \(now.st_size) bytes")
        }
        if now.st_mtim.tv_sec != status.st_mtim.tv_sec || now.st_mtim.tv_nsec != status.st_mtim.tv_nsec {
            throw TarArchiveError.changedWhilePacking(path: relativePath, detail: "its modification time changed")
        }
    }

    private static func openError(_ path: String, _ code: Int32) -> TarArchiveError {
        switch code {
        case ENOENT, ENOTDIR: return .missingFile(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path)
        default: return .readFailed(path: path, errno: code)
        }
    }
}
