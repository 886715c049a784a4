import Dispatch
import Synchronization

/// Compresses data blocks on every core while the writer goes on appending, and hands them back
/// in the order they were submitted, so that blocks of one variable stay in record order.
///
/// Blocks of all variables share one pipeline: the cores never wait for the end of one
/// variable's batch, and the writer writes finished blocks between submissions. At most
/// `capacity` blocks are being compressed, and at most as many wait to be written: memory stays bounded.
final class BlockCompressor: Sendable {
    /// A compressed (or failed) block, with what the writer needs to index it.
    struct Finished: Sendable {
        /// The variable number.
        let variable: Int
        /// The block's first record and its number of records.
        let first: Int
        let records: Int
        /// The block as given: written instead when GZIP does not make it smaller.
        let raw: [UInt8]
        let compressed: Result<[UInt8], any Error>
    }

    private struct Queue {
        var submitted = 0
        var delivered = 0
        var finished: [Int: Finished] = [:]
    }

    private let queue = Mutex(Queue())
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()

    /// A pipeline compressing up to `capacity` blocks at once.
    init(capacity: Int) {
        slots = DispatchSemaphore(value: capacity)
    }

    /// Starts compressing `raw` at `level` with `engine`; waits while `capacity` blocks are already being compressed.
    func submit(variable: Int, first: Int, records: Int, raw: [UInt8], level: Int, engine: CDFDeflateEngine) {
        slots.wait()
        let sequence = queue.withLock { queue in
            defer { queue.submitted += 1 }
            return queue.submitted
        }
        DispatchQueue.global().async(group: group) { [self] in
            let compressed = raw.withUnsafeBytes { bytes in
                Result { try Gzip.compress(bytes, level: level, engine: engine) }
            }
            let block = Finished(variable: variable, first: first, records: records, raw: raw, compressed: compressed)
            queue.withLock { $0.finished[sequence] = block }
            slots.signal()
        }
    }

    /// The finished blocks that follow the last one taken, in submission order.
    func takeFinished() -> [Finished] {
        queue.withLock { queue in
            var blocks: [Finished] = []
            while let block = queue.finished.removeValue(forKey: queue.delivered) {
                blocks.append(block)
                queue.delivered += 1
            }
            return blocks
        }
    }

    /// Waits until every submitted block is compressed; `takeFinished()` then returns the rest.
    func waitForAll() {
        group.wait()
    }
}
