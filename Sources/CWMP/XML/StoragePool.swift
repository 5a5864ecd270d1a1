import Synchronization

/// Recycles the big buffers of parsed trees, so parsing message after message reuses memory
/// instead of faulting in fresh pages every time (measured: ~280 page faults per 5,000-parameter
/// response without it).
///
/// An ``XMLTree`` hands its storage back when it is freed; the next parse takes it, empties it and
/// keeps its capacity. A few storages are kept (one per concurrently parsing thread is enough);
/// very large ones are dropped so one huge message does not pin memory.
enum StoragePool {
    private static let pool = Mutex<[XMLTree.Storage]>([])
    private static let maxPooled = 4
    /// Buffers above this many bytes are not kept.
    private static let maxPooledBytes = 16 << 20

    /// An empty storage, recycled when one is available.
    static func take() -> XMLTree.Storage {
        guard var storage = pool.withLock({ $0.popLast() }) else { return XMLTree.Storage() }
        storage.dynamicNames.removeAll(keepingCapacity: true)
        storage.namespaces.removeAll(keepingCapacity: true)
        storage.namespaces.append("")
        storage.nodes.removeAll(keepingCapacity: true)
        storage.attributes.removeAll(keepingCapacity: true)
        storage.text.removeAll(keepingCapacity: true)
        storage.attributeText.removeAll(keepingCapacity: true)
        storage.outer.removeAll(keepingCapacity: true)
        storage.sourceTexts.removeAll()
        return storage
    }

    /// Gives a storage back for reuse.
    static func recycle(_ storage: XMLTree.Storage) {
        let bytes =
            storage.nodes.capacity * MemoryLayout<XMLTree.Node>.stride + storage.text.capacity
            + storage.attributes.capacity * MemoryLayout<XMLTree.Attribute>.stride + storage.attributeText.capacity
        guard bytes <= maxPooledBytes else { return }
        pool.withLock { pooled in
            if pooled.count < maxPooled { pooled.append(storage) }
        }
    }
}
