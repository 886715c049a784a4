/// The rules a member path must follow to be stored as given and extracted where expected.
enum MemberPath {
    /// Throws unless `path` is a relative path of plain components: not empty, no leading slash, no
    /// empty, `.` or `..` component, no NUL.
    static func validate(_ path: String) throws {
        func invalid(_ reason: String) -> TarArchiveError { .invalidMemberPath(path: path, reason: reason) }
        if path.isEmpty { throw invalid("it is empty") }
        if path.utf8.first == UInt8(ascii: "/") { throw invalid("it is absolute") }
        if path.utf8.contains(0) { throw invalid("it contains a NUL byte") }
        for component in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if component.isEmpty { throw invalid("it has an empty component") }
            if component.elementsEqual(".".utf8) || component.elementsEqual("..".utf8) {
                throw invalid("it has a '.' or '..' component")
            }
        }
    }

    /// The byte order of the UTF-8 paths (not String's Unicode ordering): the archive's member order.
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
