public import Campaigns
public import FerruleCore
import Foundation
public import PONEvents
public import Rules
public import VOLTHA

/// Where a campaign runner gets its PON topology and alarm plane from: a topology file or
/// VOLTHA's inventory, and the event store `ferrule events run` records. Shared by
/// `ferrule campaign run` and the server's scheduler.
public struct PONPlaneSources: PONPlaneLoader {
    /// A topology file (``TopologyFile``); wins over ``voltha``.
    public var topologyFile: String?
    /// VOLTHA's NBI, whose ONU inventory is read once per run.
    public var voltha: VolthaConfiguration?
    /// How CPEs are matched to ONUs (for the VOLTHA inventory).
    public var correlation: CorrelationSettings
    /// The event store (`DIR/events.sqlite`).
    public var eventStore: String?
    /// The storm thresholds (those `ferrule events run` uses).
    public var storms: PONStormSettings

    /// Sources from their parts; all nil = no PON plane.
    public init(
        topologyFile: String? = nil,
        voltha: VolthaConfiguration? = nil,
        correlation: CorrelationSettings = CorrelationSettings(),
        eventStore: String? = nil,
        storms: PONStormSettings = PONStormSettings()
    ) {
        self.topologyFile = topologyFile
        self.voltha = voltha
        self.correlation = correlation
        self.eventStore = eventStore
        self.storms = storms
    }

    /// Whether any source is configured.
    public var isEmpty: Bool { topologyFile == nil && voltha == nil && eventStore == nil }

    /// The topology and alarm plane for a rollout, loaded now; nil for what the rollout does not
    /// use. A rollout without PON keys loads nothing.
    ///
    /// - Throws: ``PONPlaneError`` when a source cannot be read (the file with its diagnostics,
    ///   VOLTHA unreachable, the store missing), or is missing for the keys the rollout uses.
    public func load(for rollout: PONRollout, clock: any CampaignClock) async throws -> (
        topology: (any PONTopology)?, health: (any PlaneHealth)?
    ) {
        guard rollout.needsTopology else { return (nil, nil) }
        let directory = try await loadTopology()
        let needsHealth = rollout.health != nil || rollout.holdsStorms
        guard needsHealth else { return (directory, nil) }
        guard let directory else { return (nil, nil) }
        guard let eventStore else { return (directory, nil) }
        guard FileManager.default.fileExists(atPath: eventStore) else {
            throw PONPlaneError(
                "\(eventStore): error[event-store-missing]: no event store here; `ferrule events run --state-dir DIR` "
                    + "records one, or give the directory it uses"
            )
        }
        let store: EventStore
        do {
            store = try EventStore(path: eventStore)
        } catch let error as EventStoreError {
            throw PONPlaneError(error.description)
        }
        let health = EventStorePlaneHealth(store: store, directory: directory, storms: storms, now: { clock.now() })
        return (directory, health)
    }

    /// The topology from the file, else from VOLTHA; nil when neither is given.
    public func loadTopology() async throws -> (any ONUDirectory)? {
        if let topologyFile {
            let bytes: [UInt8]
            do {
                bytes = try BoundedFileReader.read(topologyFile)
            } catch {
                throw PONPlaneError(error.description)
            }
            let (entries, diagnostics) = TopologyFile.read(String(decoding: bytes, as: UTF8.self), file: topologyFile)
            guard let entries else {
                throw PONPlaneError(diagnostics: diagnostics)
            }
            return StaticTopology(entries)
        }
        if let voltha {
            let inventory: [OnuInventoryEntry]
            do {
                inventory = try await withVolthaClient(voltha) { try await $0.onuInventory() }
            } catch let error as VolthaError {
                throw PONPlaneError("reading the ONU inventory for the PON topology: \(error)")
            }
            return InventoryTopology(inventory: inventory, correlation: correlation)
        }
        return nil
    }
}

/// A PON source could not be read; `description` says what, where and what next.
public struct PONPlaneError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The file's problems, each already `file:line:col: error[code]: message` (a topology file
    /// with errors); empty for an error of another kind.
    public var diagnostics: [Diagnostic] = []

    /// An error with its text.
    public init(_ description: String) { self.description = description }

    /// The problems of a file.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
        description = diagnostics.map(\.description).joined(separator: "\n")
    }
}
