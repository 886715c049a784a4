/// The DEFLATE implementation that compresses a writer's GZIP blocks. Both write standard gzip
/// members that NASA's library, cdflib and every gzip reader read; the level means the same
/// trade-off in both (1 fastest … 9 smallest).
public enum CDFDeflateEngine: Sendable, Equatable, CaseIterable {
    /// zlib, linked at build time: always there, and what NASA's library and cdflib use.
    case zlib
    /// libdeflate, loaded at run time where the system has it: about twice zlib's speed, output no larger.
    case libdeflate

    /// libdeflate where it loads, zlib otherwise.
    public static var fastest: CDFDeflateEngine { isAvailable(.libdeflate) ? .libdeflate : .zlib }

    /// Whether this machine can use `engine`.
    public static func isAvailable(_ engine: CDFDeflateEngine) -> Bool {
        engine == .zlib || Libdeflate.shared != nil
    }
}
