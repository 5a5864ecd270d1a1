import ArgumentParser
import PONEventIngest
import VOLTHA

/// `ferrule events run --voltha HOST:PORT [--voltha-tls] [--reconcile-interval S]`: reconcile the
/// event store with VOLTHA's inventory (docs/events.md, "Reconciling with VOLTHA").
struct EventsRunReconcileOptions: ParsableArguments {
    /// VOLTHA's NBI: events it never delivered are derived from its inventory (ListDevices).
    @OptionGroup var voltha: VolthaAddressOptions

    @Option(help: "Seconds between reconciliations while all is well (0: only at start and after Kafka outages).")
    var reconcileInterval: Int = 600

    func validate() throws {
        guard (0...86_400).contains(reconcileInterval) else {
            throw ValidationError("--reconcile-interval must be 0 to 86400 seconds, not \(reconcileInterval)")
        }
    }

    /// The reconciliation the options ask for; nil without an address.
    func reconciliation() throws -> VolthaReconciliation? {
        guard let configuration = try voltha.configuration() else { return nil }
        return VolthaReconciliation(
            name: configuration.address,
            interval: reconcileInterval == 0 ? nil : .seconds(reconcileInterval),
            ports: { olt in try await withVolthaClient(configuration) { try await $0.ports(deviceID: olt) } },
            olts: { try await withVolthaClient(configuration) { try await $0.devices().filter(\.isRoot).map(\.id) } },
            software: { onus in try await withVolthaClient(configuration) { await $0.onuSoftware(onus) } }
        ) {
            try await withVolthaClient(configuration) { try await $0.onuInventory() }
        }
    }
}
