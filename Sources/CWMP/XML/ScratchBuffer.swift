#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of plain values in memory the SAX builder owns: element and attribute text are
/// appended here piece by piece during a parse, then copied into the tree in one piece.
///
/// An `Array` append pays a uniqueness check, a capacity check and a generic copy, about 90
/// instructions per text piece; here it is a capacity check and a `memcpy`.
///
/// A class, so the memory is freed exactly once, when the last owner (a pooled parser, see
/// ``PooledParser``) lets go of it. Used by one parse at a time.
final class ScratchBuffer<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private(set) var capacity = 0

    init() {}

    deinit { base?.deallocate() }

    /// Appends `n` elements from `source`.
    @inline(__always)
    func append(_ source: UnsafePointer<Element>, _ n: Int) {
        if capacity - count < n { grow(toAtLeast: count + n) }
        guard let base else { return }
        memcpy(base + count, source, n * MemoryLayout<Element>.stride)
        count += n
    }

    /// Drops the elements from `newCount` on.
    func truncate(to newCount: Int) {
        if newCount < count { count = Swift.max(0, newCount) }
    }

    /// The elements written so far, for one bulk copy; valid until the next append.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    private func grow(toAtLeast needed: Int) {
        let newCapacity = Swift.max(needed, capacity * 2, 256)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let base {
            newBase.update(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    /// Empties the buffer, and gives its memory back when it holds more than `maxBytes`.
    func reset(keepingAtMost maxBytes: Int) {
        count = 0
        guard capacity * MemoryLayout<Element>.stride > maxBytes else { return }
        base?.deallocate()
        base = nil
        capacity = 0
    }
}
