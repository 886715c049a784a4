import DurableFiles
import Foundation
import JSONValue

/// Reading and durably writing the JSON files of a static catalog.
enum JSONFile {
    /// The decoded file; nil when there is no such file.
    static func read<T: Decodable>(_ type: T.Type, at path: String) throws(CatalogError) -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .io("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .io("\(path) is not the JSON expected: \(error)")
        }
    }

    /// The bytes a value is written as: pretty, keys sorted (stable diffs), slashes unescaped.
    static func encode(_ value: some Encodable) throws(CatalogError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value)) + [0x0a]
        } catch {
            throw .invalidItem("cannot encode as JSON: \(error)")
        }
    }

    /// Replaces (or creates) the file at `path` whole: temporary, fsync, rename, fsync the folder.
    static func write(_ value: some Encodable, to path: String) throws(CatalogError) {
        let bytes = try encode(value)
        do {
            let file = try DurableFile(destination: path)
            try file.write(bytes)
            try file.commit()
        } catch {
            throw .io("\(error)")
        }
    }

    /// Creates the file at `path` only if no file has that name: written and fsynced under a
    /// temporary name, then hard-linked to `path` (which fails when the name exists, even when
    /// another process links at the same instant). True when this call created it.
    static func createExclusively(_ value: some Encodable, at path: String) throws(CatalogError) -> Bool {
        let bytes = try encode(value)
        let file: DurableFile
        do {
            file = try DurableFile(destination: path)
            try file.write(bytes)
        } catch {
            throw .io("\(error)")
        }
        defer { file.discard() }   // the temporary name goes; a created file keeps its link at `path`
        guard fsync(file.descriptor) == 0 else { throw .io("\(file.temporaryPath): fsync failed: \(String(cString: strerror(errno)))") }
        if link(file.temporaryPath, path) != 0 {
            if errno == EEXIST { return false }
            throw .io("\(path): link failed: \(String(cString: strerror(errno)))")
        }
        DurableFile.syncDirectory((path as NSString).deletingLastPathComponent)
        return true
    }
}
