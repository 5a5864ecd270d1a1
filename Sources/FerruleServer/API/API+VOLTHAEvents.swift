import FerruleCore

/// `/voltha/alarms`, `/voltha/events`, acknowledge and clear: the PON event store (VOLTHA has no
/// alarm RPCs; events arrive on Kafka `voltha.events`).
extension APIHandler {
    static let noEventStore = APIFailure(
        status: 503,
        detail: "No PON event store is configured on this server: alarms and events come from VOLTHA's Kafka topic "
            + "voltha.events; configure the event consumer"
    )

    func volthaListAlarms(_ input: Operations.VolthaListAlarms.Input) async throws -> Operations.VolthaListAlarms.Output
    {
        await handle(.ponRead, "List alarms", Operations.VolthaListAlarms.Output.default) { _ in throw Self.noEventStore
        }
    }

    func volthaListEvents(_ input: Operations.VolthaListEvents.Input) async throws -> Operations.VolthaListEvents.Output
    {
        await handle(.ponRead, "List events", Operations.VolthaListEvents.Output.default) { _ in throw Self.noEventStore
        }
    }

    func volthaAcknowledgeAlarm(
        _ input: Operations.VolthaAcknowledgeAlarm.Input
    ) async throws -> Operations.VolthaAcknowledgeAlarm.Output {
        await handle(.ponWrite, "Failed to acknowledge alarm", Operations.VolthaAcknowledgeAlarm.Output.default) { _ in
            guard options.alarmActionsEnabled else {
                throw APIFailure(status: 501, detail: "Alarm acknowledgement is disabled by feature flag")
            }
            throw Self.noEventStore
        }
    }

    func volthaClearAlarm(_ input: Operations.VolthaClearAlarm.Input) async throws -> Operations.VolthaClearAlarm.Output
    {
        await handle(.ponWrite, "Failed to clear alarm", Operations.VolthaClearAlarm.Output.default) { _ in
            guard options.alarmActionsEnabled else {
                throw APIFailure(status: 501, detail: "Alarm clear is disabled by feature flag")
            }
            throw Self.noEventStore
        }
    }
}
