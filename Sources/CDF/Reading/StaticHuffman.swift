/// CDF's HUFF compression (type 2): Mark Nelson's static Huffman coder ("The Data Compression
/// Book", huff.c), which NASA's library uses for a block or a whole file.
///
/// The stream starts with the symbol counts, as runs `first last count…` ended by a zero `first`
/// (the first run is read even when it starts at symbol 0); the tree is rebuilt from them exactly
/// as the encoder built it, and codes follow, most significant bit first, up to an end-of-stream symbol.
enum StaticHuffman {
    private static let endOfStream = 256
    /// Node slot that stands for "no node yet" in the two-minimum search (Nelson's 513).
    private static let sentinel = 513

    /// Decodes `data` into `destination`; returns the bytes produced. A bad count table, data
    /// that ends before the end-of-stream code, or output past `destination` is an error.
    static func decode(_ data: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var counts = [Int](repeating: 0, count: 514)
        let codesStart = try readCounts(data, into: &counts)
        counts[endOfStream] = 1
        var zero = [Int](repeating: 0, count: 514), one = [Int](repeating: 0, count: 514)
        let root = buildTree(counts: &counts, zero: &zero, one: &one)
        // Only the end-of-stream symbol: an empty block.
        if root == endOfStream { return 0 }
        var bits = MSBBitReader(UnsafeRawBufferPointer(rebasing: data[codesStart...]))
        var produced = 0
        while true {
            var node = root
            repeat {
                guard let bit = bits.bit() else {
                    throw CDFDecodingError(message: "Huffman codes end before the end-of-stream code (after \(produced) bytes)")
                }
                node = bit == 1 ? one[node] : zero[node]
            } while node > endOfStream
            if node == endOfStream { return produced }
            guard produced < destination.count else {
                throw CDFDecodingError(message: "decodes to more than the \(destination.count) bytes its records hold")
            }
            destination[produced] = UInt8(node)
            produced += 1
        }
    }

    /// Reads the count table; returns where the codes start.
    private static func readCounts(_ data: UnsafeRawBufferPointer, into counts: inout [Int]) throws -> Int {
        var index = 0
        func next() throws -> Int {
            guard index < data.count else { throw CDFDecodingError(message: "the Huffman count table ends early at byte \(index)") }
            defer { index += 1 }
            return Int(data[index])
        }
        var first = try next()
        var last = try next()
        while true {
            guard first <= last else {
                throw CDFDecodingError(message: "a Huffman count run goes from symbol \(first) down to \(last) (byte \(index - 2))")
            }
            for symbol in first...last { counts[symbol] = try next() }
            first = try next()
            if first == 0 { return index }
            last = try next()
        }
    }

    /// Nelson's build_tree: repeatedly joins the two lightest nodes (ties to the lower number) into
    /// a new node numbered from 257 on; returns the root.
    private static func buildTree(counts: inout [Int], zero: inout [Int], one: inout [Int]) -> Int {
        counts[sentinel] = Int.max
        var nextFree = endOfStream + 1
        while true {
            var min1 = sentinel, min2 = sentinel
            for node in 0..<nextFree where counts[node] != 0 {
                if counts[node] < counts[min1] {
                    min2 = min1
                    min1 = node
                } else if counts[node] < counts[min2] {
                    min2 = node
                }
            }
            if min2 == sentinel { break }
            counts[nextFree] = counts[min1] + counts[min2]
            counts[min1] = 0
            counts[min2] = 0
            zero[nextFree] = min1
            one[nextFree] = min2
            nextFree += 1
        }
        return nextFree - 1
    }
}
