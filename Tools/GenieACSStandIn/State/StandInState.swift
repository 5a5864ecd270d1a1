import DeviceTrees
import FerruleJSON

/// Everything the stand-in holds: GenieACS's collections (GenieACS 1.2.16 lib/db/db.ts:7-22) and the simulated CPEs. A
/// value whose mutating methods take the time as an argument, so tests drive it without sockets or clocks; the server
/// keeps it behind a `Mutex` and feeds it timer events.
struct StandInState: Sendable {
    let scenario: Scenario
    let models: [FixtureModel]
    /// Every simulated device, sorted by `_id` (UTF-8 order), so `_id` ranges are binary searches.
    var devices: [DeviceRecord]
    var deviceIndex: [String: Int]
    /// How many of ``devices`` have no GenieACS document (deleted, not informed since).
    var unregisteredDevices = 0

    var tasks: [String: TaskRecord] = [:]
    /// Task ids per device, in insertion order.
    var tasksByDevice: [String: [String]] = [:]
    /// Tasks of array bodies (no device, GenieACS 1.2.16 lib/nbi.ts:268-269; lib/api-functions.ts:356-361).
    var orphanTasks: [String] = []
    var faults: [String: FaultRecord] = [:]
    var faultsByDevice: [String: Set<String>] = [:]
    var operations: [String: OperationRecord] = [:]
    var operationsByDevice: [String: Set<String>] = [:]
    /// presets, objects, provisions, virtualParameters, files, config, permissions, users, cache, locks.
    var documents: [String: DocumentCollection]

    var events = EventQueue()
    var waiters: [Int: [SessionWaiter]] = [:]
    var stats = Stats()
    var nextSeq: UInt64 = 1
    private var objectIDCounter: UInt64

    /// The collections of GenieACS 1.2.16 lib/db/db.ts:7-22 by internal (camelCase) name.
    static let collectionNames: [String] = [
        "devices", "tasks", "faults", "presets", "objects", "provisions", "virtualParameters", "files", "operations",
        "config", "permissions", "users", "cache", "locks",
    ]

    init(scenario: Scenario, models: [FixtureModel], now: Int64) {
        self.scenario = scenario
        self.models = models
        objectIDCounter = DeterministicHash(seed: scenario.seed).value & 0xFFFF_FFFF_0000_0000
        var docs: [String: DocumentCollection] = [:]
        for name in Self.collectionNames where !["devices", "tasks", "faults", "operations"].contains(name) {
            docs[name] = DocumentCollection(dateKeys: name == "files" ? ["uploadDate"] : [])
        }
        // GenieACS 1.2.16 lib/config.ts:62-84 defaults as `config` documents (the NBI cannot write them, GenieACS
        // 1.2.16 lib/nbi.ts:602-606).
        let config: [(String, String)] = [
            ("cwmp.retryDelay", JSNumber.text(scenario.retryDelaySeconds)),
            ("cwmp.sessionTimeout", "30"),
            ("cwmp.connectionRequestTimeout", "2000"),
            ("cwmp.deviceOnlineThreshold", String(scenario.deviceOnlineThresholdMs)),
            ("cwmp.downloadTimeout", JSNumber.text(scenario.downloadTimeoutSeconds)),
            ("cwmp.gpvBatchSize", "32"),
            ("cwmp.maxCommitIterations", "32"),
        ]
        for (key, value) in config {
            docs["config"]?.replace(key, with: .object([("_id", .string(key)), ("value", .string(value))]))
        }
        documents = docs

        // Devices: fixture by weight, serial = prefix + six-digit index (genieacs-sim, genieacs-sim@be391ca
        // genieacs-sim:78), id per GenieACS 1.2.16 lib/util.ts:3-27.
        var slots: [Int] = []
        for (i, source) in scenario.fixtures.enumerated() where i < models.count {
            slots += Array(repeating: i, count: max(1, source.weight))
        }
        if slots.isEmpty { slots = Array(models.indices) }
        let interval = Int64(scenario.informIntervalSeconds * 1000)
        var list: [DeviceRecord] = []
        list.reserveCapacity(scenario.devices)
        for i in 0..<scenario.devices where !slots.isEmpty {
            let modelIndex = slots[i % slots.count]
            let model = models[modelIndex]
            let digits = String(i)
            let serial = scenario.serialPrefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
            let id = GenieACSDeviceID.make(oui: model.oui, productClass: model.productClass, serialNumber: serial)
            let online = DeterministicHash.unit(scenario.seed, "online", id) < scenario.onlineRatio
            let bad = online && DeterministicHash.unit(scenario.seed, "credentials", id) < scenario.badCredentialsRatio
            let phase = Int64(DeterministicHash.unit(scenario.seed, "phase", id) * Double(interval))
            list.append(
                DeviceRecord(
                    id: id,
                    serial: serial,
                    model: modelIndex,
                    registeredAt: now - 86_400_000,
                    lastInform: now - phase,
                    online: online,
                    badCredentials: bad
                )
            )
        }
        list.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        // Two fixtures with the same identity and serial would collide: keep the first.
        var index: [String: Int] = [:]
        var unique: [DeviceRecord] = []
        for d in list where index[d.id] == nil {
            index[d.id] = unique.count
            unique.append(d)
        }
        devices = unique
        deviceIndex = index
        if interval > 0 {
            for (i, d) in devices.enumerated() { events.push(at: d.lastInform + interval, device: i, .periodicInform) }
        }
    }

    // MARK: Lookups

    /// The index of a device that has a GenieACS document.
    func registeredDevice(_ id: String) -> Int? {
        guard let i = deviceIndex[id], devices[i].registered else { return nil }
        return i
    }

    mutating func newObjectID(now: Int64) -> String {
        objectIDCounter += 1
        return ObjectID.make(seconds: now / 1000, counter: objectIDCounter)
    }

    mutating func takeSeq() -> UInt64 {
        defer { nextSeq += 1 }
        return nextSeq
    }

    mutating func addWaiter(_ waiter: SessionWaiter, device: Int) { waiters[device, default: []].append(waiter) }

    mutating func removeWaiter(_ waiter: SessionWaiter, device: Int) {
        waiters[device]?.removeAll { $0 === waiter }
        if waiters[device]?.isEmpty == true { waiters[device] = nil }
    }

    /// Live document counts per collection, for `/_standin/stats`.
    var collectionCounts: [(String, Int)] {
        Self.collectionNames.map { name in
            switch name {
            case "devices": (name, devices.lazy.filter(\.registered).count)
            case "tasks": (name, tasks.count)
            case "faults": (name, faults.count)
            case "operations": (name, operations.count)
            default: (name, documents[name]?.count ?? 0)
            }
        }
    }
}

/// What a timer tick or an NBI call asks the server to do outside the state's lock.
enum WaiterSignal {
    case started(SessionWaiter)
    case ended(SessionWaiter)

    func fire() {
        switch self {
        case .started(let w): w.sessionStarted()
        case .ended(let w): w.sessionEnded()
        }
    }
}
