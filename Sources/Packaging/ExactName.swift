/// A path or name as its exact UTF-8 bytes, for dictionary keys.
///
/// Swift's `String` equality is Unicode canonical equivalence: `é` as one scalar and as `e` plus a
/// combining accent are equal strings, yet a file system, the database and tar keep them as two
/// names. Keying by `String` would merge (or trap on) two distinct files.
struct ExactName: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }
}
