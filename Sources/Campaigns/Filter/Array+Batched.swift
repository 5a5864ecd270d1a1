extension Array {
    /// The elements in order, cut into runs of at most `count` elements whose `size`s add up to
    /// at most `characters` (an element larger than that alone makes a run of one): the batches of
    /// a list sent in query URLs.
    func batched(count: Int, characters: Int, size: (Element) -> Int) -> [[Element]] {
        var out: [[Element]] = []
        var current: [Element] = []
        var used = 0
        for element in self {
            let elementSize = size(element)
            if !current.isEmpty, current.count >= count || used + elementSize > characters {
                out.append(current)
                current = []
                used = 0
            }
            current.append(element)
            used += elementSize
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
