import NIOPosix

/// Runs blocking work (ledger reads) on NIO's thread pool, so that the cooperative pool's two
/// threads keep answering requests meanwhile.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}
