import Foundation
import PONEvents
import Synchronization
import VOLTHA

/// What the API keeps open per tenant instead of opening it per request: the gRPC connection to
/// each VOLTHA (``VolthaConnection``) and each tenant's PON event store (`events.sqlite`).
///
/// Both are bounded: at most ``capacity`` of each, the least recently used closed first when one
/// more is needed (tenants come from the configuration, so a server with fewer tenants never
/// evicts). ``close()`` — called when the server stops, after the requests in flight — closes the
/// connections and releases the stores.
public final class TenantConnections: Sendable {
    /// The most connections, and the most event stores, kept open at once.
    public let capacity: Int

    private struct Entry<Value> {
        var value: Value
        var lastUse: UInt64
    }

    private struct State {
        var voltha: [VolthaConfiguration: Entry<VolthaConnection>] = [:]
        var events: [String: Entry<EventStore>] = [:]
        var tick: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// An empty cache keeping up to `capacity` of each kind open.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
    }

    /// Runs `body` on the shared connection to `configuration`'s VOLTHA, opening it on first use
    /// (and again after a connection whose set-up failed).
    func withVoltha<T: Sendable>(
        _ configuration: VolthaConfiguration,
        _ body: @escaping @Sendable (VolthaClient) async throws -> T
    ) async throws -> T {
        let (connection, evicted): (VolthaConnection, VolthaConnection?) = try state.withLock { state in
            guard !state.closed else { throw Self.stopping }
            state.tick += 1
            if let entry = state.voltha[configuration], entry.value.isOpen {
                state.voltha[configuration]?.lastUse = state.tick
                return (entry.value, nil)
            }
            let connection = VolthaConnection(configuration)
            let evicted = Self.insert(
                connection,
                for: configuration,
                into: &state.voltha,
                tick: state.tick,
                capacity: capacity
            )
            return (connection, evicted)
        }
        evicted?.close()
        return try await connection.run(body)
    }

    /// `tenant`'s event store at `path`, opened on first use; nil while the file does not exist
    /// (nothing has recorded events for the tenant yet), which is not remembered.
    func eventStore(tenant: String, path: String) throws -> EventStore? {
        // Opened under the lock: two first requests at once would both bring a new file's schema
        // up to date, and one would fail.
        try state.withLock { state in
            guard !state.closed else { throw Self.stopping }
            state.tick += 1
            if let cached = state.events[tenant] {
                state.events[tenant]?.lastUse = state.tick
                return cached.value
            }
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let opened = try EventStore(path: path)
            _ = Self.insert(opened, for: tenant, into: &state.events, tick: state.tick, capacity: capacity)
            return opened
        }
    }

    /// The number of open VOLTHA connections and event stores (for tests and logs).
    public var openCounts: (voltha: Int, events: Int) {
        state.withLock { ($0.voltha.count, $0.events.count) }
    }

    /// Closes every connection (after the calls in flight) and releases the event stores; later
    /// requests get 503.
    public func close() async {
        let connections = state.withLock { state in
            state.closed = true
            let connections = state.voltha.values.map(\.value)
            state.voltha = [:]
            state.events = [:]
            return connections
        }
        for connection in connections { connection.close() }
        for connection in connections { await connection.waitUntilClosed() }
    }

    private static let stopping = APIFailure(status: 503, detail: "The server is stopping; retry shortly")

    /// Adds `value` under `key`, evicting the least recently used entry when full; returns it.
    private static func insert<Key: Hashable, Value>(
        _ value: Value,
        for key: Key,
        into entries: inout [Key: Entry<Value>],
        tick: UInt64,
        capacity: Int
    ) -> Value? {
        var evicted: Value?
        if entries[key] == nil, entries.count >= capacity,
            let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })
        {
            evicted = entries.removeValue(forKey: oldest.key)?.value
        }
        if let replaced = entries[key]?.value, evicted == nil { evicted = replaced }
        entries[key] = Entry(value: value, lastUse: tick)
        return evicted
    }
}
