import ArgumentParser
import PONEventIngest
import VOLTHA

/// `ferrule events run --voltha HOST:PORT [--voltha-tls] [--reconcile-interval S]`: reconcile the
/// event store with VOLTHA's inventory (docs/events.md, "Reconciling with VOLTHA").
struct EventsRunReconcileOptions: ParsableArguments {
    @Option(
        name: .customLong("voltha"),
        help: ArgumentHelp(
            "VOLTHA's NBI as host:port (or $FERRULE_VOLTHA): derive the events it never delivered from ListDevices.",
            valueName: "host:port"
        )
    )
    var volthaAddress: String?

    @Flag(name: .customLong("voltha-tls"), help: "Use TLS to VOLTHA (VOLTHA's default is plain gRPC).")
    var volthaTLS = false

    @Option(help: "Seconds between reconciliations while all is well (0: only at start and after Kafka outages).")
    var reconcileInterval: Int = 600

    func validate() throws {
        guard (0...86_400).contains(reconcileInterval) else {
            throw ValidationError("--reconcile-interval must be 0 to 86400 seconds, not \(reconcileInterval)")
        }
        if volthaAddress == nil, volthaTLS {
            throw ValidationError("--voltha-tls applies to --voltha; add --voltha HOST:PORT")
        }
    }

    /// The reconciliation the options ask for; nil without an address.
    func reconciliation() throws -> VolthaReconciliation? {
        guard let address = volthaAddress ?? CommandEnvironment.current["FERRULE_VOLTHA"] else { return nil }
        let configuration: VolthaConfiguration
        do {
            configuration = try VolthaConfiguration(
                address: address,
                security: volthaTLS ? .tls(caFile: nil) : .plaintext
            )
        } catch let error as VolthaError {
            throw ValidationError(error.message)
        }
        return VolthaReconciliation(
            name: configuration.address,
            interval: reconcileInterval == 0 ? nil : .seconds(reconcileInterval)
        ) {
            try await withVolthaClient(configuration) { try await $0.onuInventory() }
        }
    }
}
