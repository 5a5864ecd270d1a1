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

    @Option(
        help: """
            Seconds one reconciliation may spend reading the software versions of the ONUs it derives \
            an activation for (GetOnuImages), 1-3600; the ONUs not read by then wait for the next pass, \
            which follows at once and reads them first.
            """
    )
    var reconcileSoftwareBudget: Int = 60

    func validate() throws {
        guard (0...86_400).contains(reconcileInterval) else {
            throw ValidationError("--reconcile-interval must be 0 to 86400 seconds, not \(reconcileInterval)")
        }
        guard (1...3600).contains(reconcileSoftwareBudget) else {
            throw ValidationError(
                "--reconcile-software-budget must be 1 to 3600 seconds, not \(reconcileSoftwareBudget)"
            )
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
            software: { onus, budget in
                try await withVolthaClient(configuration) { await $0.onuSoftware(onus, budget: budget) }
            },
            softwareBudget: .seconds(reconcileSoftwareBudget)
        ) {
            try await withVolthaClient(configuration) { try await $0.onuInventory() }
        }
    }
}
