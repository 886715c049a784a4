/// The seed's split of the files to stage among workers: min(workers, n) lists of near-equal
/// size, in order, the first n mod k lists one longer (numpy's `array_split`).
public enum WorkerLists {
    /// `items` cut into min(`workers`, count) consecutive lists; none when either is zero.
    public static func split<Item>(_ items: [Item], workers: Int) -> [[Item]] {
        let count = min(max(workers, 0), items.count)
        guard count > 0 else { return [] }
        let (base, extra) = items.count.quotientAndRemainder(dividingBy: count)
        var lists: [[Item]] = []
        var start = 0
        for index in 0..<count {
            let length = base + (index < extra ? 1 : 0)
            lists.append(Array(items[start..<(start + length)]))
            start += length
        }
        return lists
    }
}
