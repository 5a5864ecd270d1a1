import FerruleCore
import FerruleJSON
import Foundation
import PONEvents

/// `/voltha/alarms`, `/voltha/events`, acknowledge and clear: the tenant's PON event store
/// (``PONEvents/EventStore``), which the event consumer fills from VOLTHA's Kafka topic
/// `voltha.events` (VOLTHA 2.x has no alarm RPCs, `voltha_protos/voltha.proto`). Acknowledge and
/// clear are local: VOLTHA has no such calls; the acting user is the one the body names, as in DotMac.
extension APIHandler {
    func volthaListAlarms(_ input: Operations.VolthaListAlarms.Input) async throws -> Operations.VolthaListAlarms.Output
    {
        await handle(.ponRead, "List alarms", Operations.VolthaListAlarms.Output.default) { caller in
            // The request is judged before the server's own state: a bad limit is 422 with or
            // without an event store.
            let limit = try Self.eventLimit(input.query.limit, default: EventStore.maxLimit)
            let store = try eventStore(caller)
            var severities = Set<AlarmSeverity>()
            // The generated decoder admits only the document's enum; the checks stay for callers
            // that bypass it.
            if let name = input.query.severity?.rawValue {
                guard let severity = AlarmSeverity(name: name) else {
                    throw APIFailure.invalid(
                        "Request validation failed: severity \(DisplayText.value(name)) is not one of "
                            + AlarmSeverity.allCases.map(\.upperCased).joined(separator: ", ")
                    )
                }
                severities.insert(severity)
            }
            var state: AlarmState?
            if let name = input.query.state?.rawValue {
                guard let parsed = AlarmState(name: name) else {
                    throw APIFailure.invalid(
                        "Request validation failed: state \(DisplayText.value(name)) is not RAISED or CLEARED"
                    )
                }
                state = parsed
            }
            let page = try await store.alarms(
                AlarmQuery(deviceID: input.query.deviceId, severities: severities, state: state, limit: limit)
            )
            let alarms = JSONValue.array(page.alarms.map(Self.alarm))
            let json = JSONValue.object([
                ("alarms", alarms), ("total", .int(page.total)), ("active", .int(page.active)),
                ("cleared", .int(page.cleared)),
            ])
            return .ok(
                .init(body: .json(try JSONBridge.decode(Components.Schemas.VOLTHAAlarmListResponse.self, from: json)))
            )
        }
    }

    func volthaListEvents(_ input: Operations.VolthaListEvents.Input) async throws -> Operations.VolthaListEvents.Output
    {
        await handle(.ponRead, "List events", Operations.VolthaListEvents.Output.default) { caller in
            let limit = try Self.eventLimit(input.query.limit, default: 100)
            let store = try eventStore(caller)
            let page = try await store.events(
                EventQuery(deviceID: input.query.deviceId, type: input.query.eventType, limit: limit)
            )
            let items = page.events.map(Self.event)
            return .ok(.init(body: .json(try JSONBridge.list("events", items, total: page.total))))
        }
    }

    func volthaAcknowledgeAlarm(
        _ input: Operations.VolthaAcknowledgeAlarm.Input
    ) async throws -> Operations.VolthaAcknowledgeAlarm.Output {
        let id = input.path.alarmId
        return await handle(.ponWrite, "Failed to acknowledge alarm", Operations.VolthaAcknowledgeAlarm.Output.default)
        {
            caller in
            guard options.alarmActionsEnabled else {
                throw APIFailure(status: 501, detail: "Alarm acknowledgement is disabled by feature flag")
            }
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let store = try eventStore(caller)
            let result = try await Self.alarmOperation(id) {
                try await store.acknowledge(alarm: $0, by: body.acknowledgedBy, note: body.note)
            }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            success: true,
                            message: "Alarm \(id) acknowledged by \(body.acknowledgedBy)",
                            alarmId: id,
                            operation: .acknowledge,
                            timestamp: APITime.volthaText(result.at)
                        )
                    )
                )
            )
        }
    }

    func volthaClearAlarm(_ input: Operations.VolthaClearAlarm.Input) async throws -> Operations.VolthaClearAlarm.Output
    {
        let id = input.path.alarmId
        return await handle(.ponWrite, "Failed to clear alarm", Operations.VolthaClearAlarm.Output.default) { caller in
            guard options.alarmActionsEnabled else {
                throw APIFailure(status: 501, detail: "Alarm clear is disabled by feature flag")
            }
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let store = try eventStore(caller)
            let result = try await Self.alarmOperation(id) {
                try await store.clear(alarm: $0, by: body.clearedBy, note: body.note)
            }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            success: true,
                            message: result.changed
                                ? "Alarm \(id) cleared by \(body.clearedBy)" : "Alarm \(id) was already cleared",
                            alarmId: id,
                            operation: .clear,
                            timestamp: APITime.volthaText(result.at)
                        )
                    )
                )
            )
        }
    }

    // MARK: Helpers

    /// The caller's event store, or 503.
    func eventStore(_ caller: Caller) throws -> EventStore {
        guard let store = try options.events?(caller.tenant) else {
            throw APIFailure(
                status: 503,
                detail: "No PON event store is configured for tenant '\(DisplayText.value(caller.tenant))': alarms and "
                    + "events come from VOLTHA's Kafka topic voltha.events; configure the event consumer"
            )
        }
        return store
    }

    /// `limit` within 1…``PONEvents/EventStore/maxLimit``, or 422.
    static func eventLimit(_ limit: Int?, default value: Int) throws -> Int {
        let limit = limit ?? value
        guard (1...EventStore.maxLimit).contains(limit) else {
            throw APIFailure.invalid(
                "Request validation failed: query.limit must be 1–\(EventStore.maxLimit) (got \(limit))"
            )
        }
        return limit
    }

    /// Runs an operator action on the alarm with this (numeric) id: 404 for an unknown id, 422 for
    /// an empty name or an overlong note.
    static func alarmOperation(
        _ id: String,
        _ action: (Int64) async throws -> EventStore.OperatorResult
    ) async throws -> EventStore.OperatorResult {
        guard let number = Int64(id) else { throw APIFailure.notFound("Alarm \(DisplayText.value(id)) not found") }
        do {
            return try await action(number)
        } catch let error as EventStoreError where error.code == .notFound {
            throw APIFailure.notFound("Alarm \(DisplayText.value(id)) not found")
        } catch let error as EventStoreError where error.code == .invalidArgument {
            throw APIFailure.invalid("Request validation failed: \(DisplayText.line(error.detail))")
        }
    }

    /// DotMac's `VOLTHAAlarm` (category is VOLTHA's sub-category: `PON`, `OLT`, `ONU`, `NNI`), with
    /// Ferrule's `uni` and `uni_id`.
    static func alarm(_ alarm: PONAlarm) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(String(alarm.id))),
            ("type", .string(alarm.name)),
            ("category", .string(alarm.subCategory.isEmpty ? alarm.category : alarm.subCategory)),
            ("severity", .string(alarm.severity.upperCased)),
            ("state", .string(alarm.state.seedName)),
            ("resource_id", .string(alarm.resourceID)),
            ("description", alarm.description.isEmpty ? .null : .string(alarm.description)),
            ("context", .object(alarm.context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("raised_ts", .string((alarm.raisedAt ?? alarm.changedAt).formatted(.iso8601))),
            ("changed_ts", .string(alarm.changedAt.formatted(.iso8601))),
        ]
        members += uniMembers(uni: alarm.uni, uniID: alarm.uniID)
        if let acknowledgement = alarm.acknowledgement {
            members.append(("acknowledged_by", .string(acknowledgement.by)))
            members.append(("acknowledged_at", .string(acknowledgement.at.formatted(.iso8601))))
        }
        return .object(members)
    }

    /// DotMac's `VOLTHAEvent`: `event_type` is Ferrule's kind (`onu_activated`, `signal_lost` …);
    /// `uni` and `uni_id` are Ferrule's.
    static func event(_ stored: StoredEvent) -> JSONValue {
        let event = stored.event
        return .object(
            [
                ("id", .string(String(stored.id))),
                ("event_type", .string(event.kind.rawValue)),
                ("category", .string(event.subCategory.isEmpty ? event.category : event.subCategory)),
                ("resource_id", .string(event.resourceID)),
                ("description", event.description.isEmpty ? .null : .string(event.description)),
                ("context", .object(event.context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("timestamp", .string(stored.at.formatted(.iso8601))),
            ] + uniMembers(uni: event.uni, uniID: event.uniID)
        )
    }

    /// Ferrule's `uni` and `uni_id` (left out when the alarm or event is about no UNI): the operator's
    /// UNI number (`<serial>-<uni>`, uni id + 1: voltha-openonu-adapter-go
    /// `internal/pkg/common/onu_uni_port.go:51, 72`) and the 0-based uni id that alarm identities
    /// (`onu:<serial>/uni-<uni_id>`) keep; the CLI's `uni` and `uniId`.
    static func uniMembers(uni: UInt32?, uniID: UInt32?) -> [(String, JSONValue)] {
        guard let uni, let uniID else { return [] }
        return [("uni", .int(Int(uni))), ("uni_id", .int(Int(uniID)))]
    }
}
