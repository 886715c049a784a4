/// CDF's AHUFF compression (type 3): Mark Nelson's adaptive Huffman coder ("The Data Compression
/// Book", ahuff.c), which NASA's library uses for a block or a whole file.
///
/// Decoder and encoder start from the same tree (end-of-stream and escape leaves) and update it
/// after every symbol, so the tree is never stored. A symbol not seen before is sent as the escape
/// code followed by its 8 bits; the weights are halved when the root reaches 0x8000.
enum AdaptiveHuffman {
    private static let endOfStream = 256
    private static let escape = 257
    private static let symbolCount = 258
    private static let nodeCount = symbolCount * 2 - 1
    private static let root = 0
    private static let maxWeight = 0x8000

    private struct Node {
        var weight = 0
        var parent = -1
        var childIsLeaf = false
        /// A symbol for a leaf; for an inner node, the first of its two children (the second is child + 1).
        var child = 0
    }

    /// The tree as ahuff.c keeps it: nodes in order of non-increasing weight, leaf positions by symbol.
    private struct Tree {
        var nodes = [Node](repeating: Node(), count: AdaptiveHuffman.nodeCount)
        var leaf = [Int](repeating: -1, count: AdaptiveHuffman.symbolCount)
        var nextFreeNode = AdaptiveHuffman.root + 3

        init() {
            nodes[root] = Node(weight: 2, parent: -1, childIsLeaf: false, child: root + 1)
            nodes[root + 1] = Node(weight: 1, parent: root, childIsLeaf: true, child: endOfStream)
            nodes[root + 2] = Node(weight: 1, parent: root, childIsLeaf: true, child: escape)
            leaf[endOfStream] = root + 1
            leaf[escape] = root + 2
        }

        /// A new symbol: the lightest leaf splits into itself and a zero-weight leaf for `symbol`.
        mutating func addNode(for symbol: Int) throws {
            guard leaf[symbol] == -1, nextFreeNode + 2 <= nodeCount else {
                throw CDFDecodingError(message: "adaptive Huffman data escapes symbol \(symbol), which it has already coded")
            }
            let lightest = nextFreeNode - 1, newNode = nextFreeNode, zeroWeight = nextFreeNode + 1
            nextFreeNode += 2
            nodes[newNode] = nodes[lightest]
            nodes[newNode].parent = lightest
            leaf[nodes[newNode].child] = newNode
            nodes[lightest].child = newNode
            nodes[lightest].childIsLeaf = false
            nodes[zeroWeight] = Node(weight: 0, parent: lightest, childIsLeaf: true, child: symbol)
            leaf[symbol] = zeroWeight
        }

        /// Counts `symbol` once: each node on its path gains weight and moves ahead of lighter ones.
        mutating func update(with symbol: Int) {
            if nodes[root].weight == maxWeight { rebuild() }
            var current = leaf[symbol]
            while current != -1 {
                nodes[current].weight += 1
                var target = current
                while target > root, nodes[target - 1].weight < nodes[current].weight { target -= 1 }
                if target != current {
                    swap(current, target)
                    current = target
                }
                current = nodes[current].parent
            }
        }

        private mutating func swap(_ i: Int, _ j: Int) {
            if nodes[i].childIsLeaf {
                leaf[nodes[i].child] = j
            } else {
                nodes[nodes[i].child].parent = j
                nodes[nodes[i].child + 1].parent = j
            }
            if nodes[j].childIsLeaf {
                leaf[nodes[j].child] = i
            } else {
                nodes[nodes[j].child].parent = i
                nodes[nodes[j].child + 1].parent = i
            }
            var temp = nodes[i]
            nodes[i] = nodes[j]
            nodes[i].parent = temp.parent
            temp.parent = nodes[j].parent
            nodes[j] = temp
        }

        /// Halves every leaf's weight (rounding up) and rebuilds the inner nodes in weight order.
        private mutating func rebuild() {
            var j = nextFreeNode - 1
            for i in stride(from: nextFreeNode - 1, through: root, by: -1) where nodes[i].childIsLeaf {
                nodes[j] = nodes[i]
                nodes[j].weight = (nodes[j].weight + 1) / 2
                j -= 1
            }
            var i = nextFreeNode - 2
            while j >= root {
                let weight = nodes[i].weight + nodes[i + 1].weight
                var k = j + 1
                while k < nextFreeNode, weight < nodes[k].weight { k += 1 }
                k -= 1
                // Nodes j+1…k move up one place to make room at k.
                for m in stride(from: j, to: k, by: 1) { nodes[m] = nodes[m + 1] }
                nodes[k] = Node(weight: weight, parent: nodes[k].parent, childIsLeaf: false, child: i)
                i -= 2
                j -= 1
            }
            for n in stride(from: nextFreeNode - 1, through: root, by: -1) {
                if nodes[n].childIsLeaf {
                    leaf[nodes[n].child] = n
                } else {
                    nodes[nodes[n].child].parent = n
                    nodes[nodes[n].child + 1].parent = n
                }
            }
        }
    }

    /// Decodes `data` into `destination`; returns the bytes produced. Data that ends before the
    /// end-of-stream code, escapes a known symbol, or decodes past `destination` is an error.
    static func decode(_ data: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var tree = Tree()
        var bits = MSBBitReader(data)
        var produced = 0
        func ended() -> CDFDecodingError {
            CDFDecodingError(message: "adaptive Huffman codes end before the end-of-stream code (after \(produced) bytes)")
        }
        while true {
            var node = root
            while !tree.nodes[node].childIsLeaf {
                guard let bit = bits.bit() else { throw ended() }
                node = tree.nodes[node].child + bit
            }
            var symbol = tree.nodes[node].child
            if symbol == escape {
                guard let literal = bits.bits(8) else { throw ended() }
                symbol = literal
                try tree.addNode(for: symbol)
            }
            if symbol == endOfStream { return produced }
            guard produced < destination.count else {
                throw CDFDecodingError(message: "decodes to more than the \(destination.count) bytes its records hold")
            }
            destination[produced] = UInt8(symbol)
            produced += 1
            tree.update(with: symbol)
        }
    }
}
