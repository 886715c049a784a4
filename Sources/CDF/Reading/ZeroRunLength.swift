/// CDF's RLE compression (type 1, "RLE of zeros", the only kind NASA's library writes): a zero
/// byte followed by a count n stands for n + 1 zeros; every other byte stands for itself.
enum ZeroRunLength {
    /// Decodes `data` into `destination`; returns the bytes produced. Output that would overflow
    /// `destination`, or a zero without its count, is an error.
    static func decode(_ data: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var produced = 0
        var index = 0
        while index < data.count {
            let byte = data[index]
            if byte == 0 {
                guard index + 1 < data.count else {
                    throw CDFDecodingError(message: "a run of zeros at byte \(index) has no count")
                }
                let run = Int(data[index + 1]) + 1
                guard produced + run <= destination.count else {
                    throw CDFDecodingError(message: "decodes to more than the \(destination.count) bytes its records hold")
                }
                destination.baseAddress!.advanced(by: produced).initializeMemory(as: UInt8.self, repeating: 0, count: run)
                produced += run
                index += 2
            } else {
                guard produced < destination.count else {
                    throw CDFDecodingError(message: "decodes to more than the \(destination.count) bytes its records hold")
                }
                destination[produced] = byte
                produced += 1
                index += 1
            }
        }
        return produced
    }
}
