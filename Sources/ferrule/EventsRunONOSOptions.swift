import ArgumentParser
import Foundation
import PONEventIngest

/// `ferrule events run --onos [--onos-topics LIST]`: ONOS's kafka-onos JSON events as a second
/// source, read with `voltha.events` in the same consumer group (docs/events.md, "ONOS events").
struct EventsRunONOSOptions: ParsableArguments {
    @Flag(
        help: """
            Also consume ONOS's JSON events (kafka-onos): onu.events, authentication.events and \
            dhcp.events, for onos.* triggers.
            """
    )
    var onos = false

    @Option(
        name: .customLong("onos-topics"),
        help:
            "ONOS's event topics, comma-separated (implies --onos; default onu.events,authentication.events,dhcp.events)."
    )
    var onosTopics: String?

    /// The ONOS topics to read; empty without `--onos` / `--onos-topics`.
    var topics: [String] {
        if let onosTopics {
            return onosTopics.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        return onos ? EventConsumerSettings.defaultONOSTopics : []
    }

    func validate() throws {
        guard let onosTopics else { return }
        let names = onosTopics.split(separator: ",", omittingEmptySubsequences: false)
        if names.isEmpty || names.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--onos-topics takes topic names separated by commas, such as onu.events,dhcp.events")
        }
        if names.count > 16 { throw ValidationError("--onos-topics takes at most 16 topics") }
    }
}
