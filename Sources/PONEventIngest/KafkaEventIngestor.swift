import FerruleCore
public import Foundation
public import Kafka
public import PONEvents
public import PONTriggers
import VOLTHA

/// Reads `voltha.events` records from a ``KafkaConsumer``, decodes each `event.Event`, records it
/// in the ``EventStore`` together with its (topic, partition, offset) in one transaction, and only
/// then commits the record's offset.
///
/// With a ``EventTriggerStage`` each event first goes through storm protection and debounce and the
/// trigger planner, and the actions it plans are queued in the store's outbox in that same
/// transaction; `queued` is called after the commit so that an ``OutboxWorker`` performs them.
///
/// With a ``VolthaReconciliation``, the events VOLTHA's inventory says were missed (an outage, a
/// send VOLTHA dropped) are derived (``PONReconciliation``) when the topic is quiet and recorded
/// through the same path, with source ``EventSourcePosition/reconcile(voltha:pass:index:)``.
///
/// A crash anywhere loses nothing and doubles nothing: before the store's transaction the record
/// is redelivered and recorded; after it but before the commit it is redelivered and the store
/// answers ``RecordOutcome/duplicate(eventID:)``. A record that is not a VOLTHA event (it does not
/// decode) is reported and committed, so one bad record never stalls the topic.
public struct KafkaEventIngestor: Sendable {
    /// What a run did.
    public struct Totals: Sendable, Hashable {
        /// Events recorded for the first time.
        public var recorded = 0
        /// Records the store had already recorded (redelivered after a crash or a rebalance).
        public var duplicates = 0
        /// Records that are not a decodable `event.Event`.
        public var undecodable = 0
        /// Commits the broker refused (those records will come again).
        public var commitFailures = 0
        /// Actions queued in the outbox with the events recorded.
        public var actionsQueued = 0
        /// Events derived by reconciliations with VOLTHA (counted in ``recorded`` too).
        public var derived = 0

        /// All zero.
        public init() {}
    }

    /// One record or derived event handled, as it happens (for counters and the event lag).
    public enum Observation: Sendable {
        /// Recorded for the first time at `recordedAt` (the store's transaction had committed).
        case recorded(PONEvent, source: EventSourcePosition, recordedAt: Date)
        /// Already in the store (redelivered).
        case duplicate(EventSourcePosition)
        /// Not a decodable `event.Event` (committed and skipped).
        case undecodable(EventSourcePosition)
        /// The broker refused the commit (the record will come again).
        case commitFailed(EventSourcePosition)
        /// What one reconciliation pass's software read (`GetOnuImages`) did within its budget.
        case softwareRead(SoftwareReadTally)

        /// For an event recorded from Kafka: the time from when VOLTHA says it happened (raised,
        /// else reported) to its durable record, never negative (clocks differ); nil otherwise
        /// (derived events carry the reconciliation's own time).
        public var lag: Duration? {
            guard case .recorded(let event, .kafka, let recordedAt) = self,
                let happened = event.raisedAt ?? event.reportedAt
            else { return nil }
            let seconds = max(0, recordedAt.timeIntervalSince(happened))
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
    }

    let consumer: KafkaConsumer
    let store: EventStore
    let decoder: PONEventDecoder
    /// Topics whose records are ONOS's JSON events (``ONOSEventDecoder``), not VOLTHA's.
    let onosTopics: Set<String>
    let onosDecoder: ONOSEventDecoder
    let triggers: EventTriggerStage?
    let queued: @Sendable () -> Void
    let report: @Sendable (String) -> Void
    let reconciliation: VolthaReconciliation?
    /// Finds the PON port of `OLT_PON_INTERFACE_DOWN` reports (with ``VolthaReconciliation/ports``).
    let resolver: PONDownResolver?
    let reconciled: @Sendable (String) -> Void
    let observe: @Sendable (Observation) -> Void
    /// How often, with triggers, storms that had no new loss for the quiet period are ended though
    /// their OLT sends nothing (``EventTriggerStage/endQuietStorms(now:)``, ``StormEndRecorder``).
    let stormTick: Duration
    /// The clock of that tick.
    let clock: @Sendable () -> Date

    /// An ingestor; `report` receives one line per problem (undecodable record, failed commit,
    /// VOLTHA unreachable for a reconciliation) and per storm; `queued` is called once actions
    /// were recorded and their record committed; with a `reconciliation`, `reconciled` receives
    /// one line per pass; `observe` receives every record and derived event handled.
    public init(
        consumer: KafkaConsumer,
        store: EventStore,
        decoder: PONEventDecoder = PONEventDecoder(),
        triggers: EventTriggerStage? = nil,
        reconciliation: VolthaReconciliation? = nil,
        onosTopics: Set<String> = [],
        queued: @escaping @Sendable () -> Void = {},
        reconciled: @escaping @Sendable (String) -> Void = { _ in },
        observe: @escaping @Sendable (Observation) -> Void = { _ in },
        stormTick: Duration = .seconds(1),
        clock: @escaping @Sendable () -> Date = { Date() },
        report: @escaping @Sendable (String) -> Void
    ) {
        self.observe = observe
        self.stormTick = stormTick
        self.clock = clock
        self.consumer = consumer
        self.store = store
        self.decoder = decoder
        self.triggers = triggers
        self.reconciliation = reconciliation
        self.onosTopics = onosTopics
        onosDecoder = ONOSEventDecoder(maxMessageBytes: decoder.maxMessageBytes, clock: decoder.clock)
        resolver = reconciliation?.ports.map { PONDownResolver(lister: PortListing(list: $0)) }
        self.queued = queued
        self.reconciled = reconciled
        self.report = report
    }

    /// Consumes until the consumer is closed (``KafkaConsumer/close()``, e.g. on SIGTERM).
    ///
    /// - Throws: ``EventStoreError`` when the store cannot record (the record is not committed and
    ///   comes again after a restart), or a fatal ``KafkaError``.
    public func run() async throws -> Totals {
        var totals = Totals()
        var triggers = triggers
        // The stage is taken out of `triggers` while it changes (and put back by `defer`, on a throw
        // too): a copy left behind would share its dictionaries, and each change would copy them
        // whole — per event, a cost growing with the ONUs remembered.
        if var stage = triggers.take() {
            defer { triggers = stage }
            // A restart must not change what fires: the stage learns what the previous run knew.
            try await stage.warm(from: store, now: Date())
        }
        var schedule = reconciliation.map { ReconcileSchedule($0, now: .now) }
        // The ONUs the last pass saw not ready (PONReconciliation.notReady): SERVICE_READY transitions.
        var notReady: Set<String> = []
        // The ONUs whose software the last pass had no time to read: read first by the next one.
        var carried: [String] = []
        var lastTick = clock()
        while true {
            let step = try await nextStep()
            // A quiet OLT's storm ends when its quiet period passes, not at its OLT's next event;
            // checked between records too, as other OLTs' events may never leave the topic idle.
            try await endQuietStorms(&triggers, lastTick: &lastTick)
            switch step {
            case .closed:
                return totals
            case .idle:
                guard let reconciliation, var due = schedule else { continue }
                // Only once caught up: the backlog holds what VOLTHA did publish, and goes first.
                let connection = consumer.connection
                if consumer.caughtUp,
                    due.isDue(now: .now, outages: connection.outages, connected: connection.status == .connected)
                {
                    let succeeded = try await reconcile(
                        reconciliation,
                        notReady: &notReady,
                        carried: &carried,
                        totals: &totals,
                        triggers: &triggers
                    )
                    due.passed(now: .now, succeeded: succeeded, carried: !carried.isEmpty)
                }
                schedule = due
            case .record(let record):
                let position = EventSourcePosition.kafka(
                    topic: record.topic,
                    partition: record.partition,
                    offset: record.offset
                )
                var queuedActions = 0
                do {
                    let decoded =
                        try onosTopics.contains(record.topic)
                        ? onosDecoder.decode(json: record.value, topic: record.topic) : decoder.decode(record.value)
                    let event = await resolved(decoded, at: position)
                    queuedActions = try await ingest(event, at: position, totals: &totals, triggers: &triggers)
                } catch let error as PONEventDecodingError {
                    totals.undecodable += 1
                    observe(.undecodable(position))
                    let what = onosTopics.contains(record.topic) ? "an ONOS (kafka-onos) event" : "a VOLTHA event"
                    report("\(position): not \(what), skipped: \(error)")
                }
                do {
                    try await consumer.commit(record)
                } catch {
                    totals.commitFailures += 1
                    observe(.commitFailed(position))
                    report("\(position): \(error)")
                }
                if queuedActions > 0 { queued() }
            }
        }
    }

    /// Ends the storms that had no new loss for the quiet period (``EventTriggerStage/endQuietStorms(now:)``),
    /// at most once per ``stormTick``, and records each end with the actions it plans
    /// (``StormEndRecorder``). Nothing without triggers (no storm is tracked then).
    private func endQuietStorms(_ triggers: inout EventTriggerStage?, lastTick: inout Date) async throws {
        guard var stage = triggers.take() else { return }
        defer { triggers = stage }
        let now = clock()
        let interval = Double(stormTick.components.seconds) + Double(stormTick.components.attoseconds) * 1e-18
        // A clock set back starts the interval again rather than stopping the tick.
        guard now.timeIntervalSince(lastTick) >= interval || now < lastTick else { return }
        lastTick = now
        let result = stage.endQuietStorms(now: now)
        guard !result.outcomes.isEmpty else { return }
        let recorded = try await StormEndRecorder.record(result, in: store)
        for storm in recorded.storms {
            report(
                "storm cleared on \(storm.port): no new loss for the quiet period and nothing from its OLT since "
                    + "(\(storm.stillDown.count) ONUs still down)"
            )
        }
        if recorded.actionsDropped > 0 {
            report(
                "storm ends planned \(recorded.actionsDropped) actions over \(EventStore.maxActionsPerEvent) "
                    + "for one storm, not queued: check the trigger rules"
            )
        }
        if recorded.actionsQueued > 0 { queued() }
    }

    /// `event` with its PON port found by listing the OLT's ports, for an `OLT_PON_INTERFACE_DOWN`
    /// report that names none (the openolt adapter never does): recorded with its port, the report
    /// joins a storm on that port as one outage. Unchanged when VOLTHA cannot be listed or no single
    /// port explains it (reported), and for every other event.
    private func resolved(_ event: PONEvent, at position: EventSourcePosition) async -> PONEvent {
        guard let resolver, event.kind == .ponDown, event.ponInterface == nil, event.oltDeviceID != nil else {
            return event
        }
        do {
            let resolution = try await resolver.resolve(event)
            if !resolution.resolved { report("\(position): \(event.name): \(resolution.explanation)") }
            return resolution.event
        } catch {
            report("\(position): \(event.name): its PON port is unknown, the OLT's ports could not be listed: \(error)")
            return event
        }
    }

    /// Plans and records `event` read at `position`; returns the number of actions queued with it.
    private func ingest(
        _ event: PONEvent,
        at position: EventSourcePosition,
        totals: inout Totals,
        triggers: inout EventTriggerStage?
    ) async throws -> Int {
        var actions: [PendingAction] = []
        var storms: [PONStormChange] = []
        if var stage = triggers.take() {
            defer { triggers = stage }
            (actions, storms) = try pending(for: event, at: position, stage: &stage)
            if !actions.isEmpty, try await alreadyDerived(event) {
                report(
                    "\(position): \(event.name) of \(event.onuSerial ?? "?") was derived by a reconciliation before; its triggers fired then"
                )
                actions = []
            }
        }
        let outcome = try await store.record(event, source: position, actions: actions, storms: storms)
        if outcome.isDuplicate {
            totals.duplicates += 1
            observe(.duplicate(position))
            return 0
        }
        observe(.recorded(event, source: position, recordedAt: Date()))
        totals.recorded += 1
        totals.actionsQueued += actions.count
        return actions.count
    }

    /// Whether `event`, received from Kafka, is an activation a reconciliation already derived (the
    /// store's last activation of the ONU is a derived one, with no loss since): VOLTHA's event
    /// came late, and recording it must not fire the triggers a second time.
    private func alreadyDerived(_ event: PONEvent) async throws -> Bool {
        guard reconciliation != nil, event.kind == .onuActivated, event.context[PONReconciliation.marker] == nil,
            let serial = event.onuSerial
        else { return false }
        guard let lifecycle = try await store.onuLifecycles(serials: [serial])[serial] else { return false }
        return lifecycle.activatedSinceLoss && lifecycle.lastActivationDerived
    }

    /// One reconciliation pass (``PONReconciliation``) and the OLTs' port listings for the
    /// resolver; false when VOLTHA could not be listed. `notReady` carries the ONUs seen not ready
    /// (not up with `omci-flows-pushed`) from one pass to the next; `carried`, the ONUs whose
    /// software a pass had no time to read (``readSoftware(_:of:known:carried:)``).
    private func reconcile(
        _ reconciliation: VolthaReconciliation,
        notReady: inout Set<String>,
        carried: inout [String],
        totals: inout Totals,
        triggers: inout EventTriggerStage?
    ) async throws -> Bool {
        let started = Date()
        var inventory: [OnuInventoryEntry]
        do {
            inventory = try await reconciliation.inventory()
        } catch {
            report(
                "reconcile with VOLTHA \(reconciliation.name): \(error); "
                    + "trying again in \(reconciliation.retryAfter.components.seconds) s"
            )
            return false
        }
        await rememberPorts(reconciliation, inventory: inventory)
        // The OLT of each ONU, for its openonu alarms (dying gasp included) that name none.
        triggers?.learn(
            onuParents: inventory.lazy.map {
                (serial: $0.serialNumber, device: $0.deviceID, olt: $0.oltID, pon: $0.ponInterface)
            }
        )
        let known = try await store.onuLifecycles(serials: inventory.map(\.serialNumber))
        let waiting = await readSoftware(reconciliation, of: &inventory, known: known, carried: &carried)
        // An ONU whose software was not read waits for the next pass whole (its activation, its
        // loss clears, its SERVICE_READY), so that its events come together as they would now.
        let events = PONReconciliation.derive(
            inventory: waiting.isEmpty ? inventory : inventory.filter { !waiting.contains($0.deviceID) },
            known: known,
            notReadyBefore: notReady,
            at: started
        )
        notReady = PONReconciliation.notReady(inventory)
        let pass = Int64((started.timeIntervalSince1970 * 1000).rounded(.down))
        var queuedActions = 0
        var kinds: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            let position = EventSourcePosition.reconcile(voltha: reconciliation.name, pass: pass, index: Int64(index))
            queuedActions += try await ingest(event, at: position, totals: &totals, triggers: &triggers)
            kinds[event.name, default: 0] += 1
        }
        totals.derived += events.count
        if queuedActions > 0 { queued() }
        let detail = kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        reconciled(
            "reconciled with VOLTHA \(reconciliation.name): \(inventory.count) ONU(s) listed, "
                + "\(events.count) event(s) derived" + (detail.isEmpty ? "" : " (\(detail))")
                + (waiting.isEmpty
                    ? "" : "; \(waiting.count) ONU(s) wait for the next pass (software read budget spent)")
        )
        return true
    }

    /// Reads the software versions of the ONUs this pass derives an activation for (at most the
    /// reconciliation's ``VolthaReconciliation/softwareLimit``, within its
    /// ``VolthaReconciliation/softwareBudget``) into `inventory`, so that their
    /// `ONU_ACTIVATED_RAISE_EVENT`s carry them as the adapter's own do. A failure is reported,
    /// never fatal: those events carry empty versions.
    ///
    /// The ONUs in `carried` (the previous pass had no time to read them) are read first. Those the
    /// budget leaves unread are returned, and become `carried`: their events wait for the next
    /// pass. An ONU carried already is not carried twice: its activation is derived now without
    /// versions, so none waits more than one extra pass.
    private func readSoftware(
        _ reconciliation: VolthaReconciliation,
        of inventory: inout [OnuInventoryEntry],
        known: [String: ONULifecycle],
        carried: inout [String]
    ) async -> Set<String> {
        let before = Set(carried)
        carried = []
        guard let software = reconciliation.software else { return [] }
        let activating = PONReconciliation.activations(inventory: inventory, known: known)
        guard !activating.isEmpty else { return [] }
        // Rotation: the ONUs the previous pass left unread first, so none is starved by the others.
        let ordered =
            activating.filter { before.contains($0.deviceID) } + activating.filter { !before.contains($0.deviceID) }
        let limit = max(0, reconciliation.softwareLimit)
        if ordered.count > limit {
            report(
                "reconcile with VOLTHA \(reconciliation.name): \(ordered.count) ONU(s) to derive an activation for, "
                    + "the software versions of the first \(limit) are read (GetOnuImages); the other "
                    + "\(ordered.count - limit) ONU_ACTIVATED_RAISE_EVENT(s) carry none"
            )
        }
        let asked = Array(ordered.prefix(limit))
        let budget = reconciliation.softwareBudget
        do {
            let result = try await software(asked, budget)
            result.apply(to: &inventory)
            if !result.failures.isEmpty {
                report(
                    "reconcile with VOLTHA \(reconciliation.name): the software versions of \(result.failures.count) "
                        + "ONU(s) could not be read (GetOnuImages); their ONU_ACTIVATED_RAISE_EVENT carries none: "
                        + result.failureLines(limit: 5).joined(separator: "; ")
                )
            }
            let again = result.unread.filter { !before.contains($0) }
            let givenUp = result.unread.count - again.count
            carried = again
            observe(
                .softwareRead(
                    SoftwareReadTally(
                        read: result.versions.count,
                        failed: result.failures.count,
                        carried: again.count,
                        givenUp: givenUp
                    )
                )
            )
            if !result.unread.isEmpty {
                let (whole, fraction) = budget.components
                let seconds =
                    fraction == 0 ? "\(whole)" : String(format: "%.3f", Double(whole) + Double(fraction) * 1e-18)
                report(
                    "reconcile with VOLTHA \(reconciliation.name): the software read (GetOnuImages) stopped at its "
                        + "budget of \(seconds) s with "
                        + "\(result.versions.count + result.failures.count) of \(asked.count) ONU(s) answered; "
                        + "\(again.count) wait for the next pass (read first there)"
                        + (givenUp == 0
                            ? ""
                            : ", \(givenUp) left unread in two passes get their ONU_ACTIVATED_RAISE_EVENT without versions")
                        + ": "
                        + result.unread.prefix(5).map { DisplayText.value($0, limit: 40) }.joined(separator: ", ")
                        + (result.unread.count > 5 ? ", …" : "")
                )
            }
            return Set(again)
        } catch {
            report(
                "reconcile with VOLTHA \(reconciliation.name): the software versions could not be read "
                    + "(GetOnuImages): \(error); the \(asked.count) ONU_ACTIVATED_RAISE_EVENT(s) carry none"
            )
            return []
        }
    }

    /// Lists the ports of every OLT (at most the resolver's capacity) for ``PONDownResolver``: the
    /// next `OLT_PON_INTERFACE_DOWN` report of each is compared with this listing. A failure is
    /// reported, never fatal: that OLT's next report is compared with what was known before.
    private func rememberPorts(_ reconciliation: VolthaReconciliation, inventory: [OnuInventoryEntry]) async {
        guard let resolver else { return }
        let olts: [String]
        if let list = reconciliation.olts {
            do {
                olts = try await list()
            } catch {
                report("listing the OLTs of VOLTHA \(reconciliation.name) for their PON ports: \(error)")
                return
            }
        } else {
            var seen: Set<String> = []
            olts = inventory.map(\.oltID).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        if olts.count > resolver.capacity {
            report(
                "VOLTHA \(reconciliation.name) lists \(olts.count) OLTs; the PON ports of the first "
                    + "\(resolver.capacity) are kept"
            )
        }
        let failed = await resolver.rememberAll(olts)
        if let first = failed.first {
            report(
                "the PON ports of \(failed.count) of \(min(olts.count, resolver.capacity)) OLT(s) could not be "
                    + "listed (\(first.olt): \(first.error)); their next OLT_PON_INTERFACE_DOWN report is compared "
                    + "with the earlier listing, if any"
            )
        }
    }

    private enum Step: Sendable {
        case record(KafkaRecord)
        case idle
        case closed
    }

    /// The next record; with a reconciliation, `.idle` when none came for its idle time; with
    /// triggers and no reconciliation, when none came for ``stormTick`` (the storm tick's turn).
    private func nextStep() async throws -> Step {
        let consumer = consumer
        guard let idle = reconciliation?.idle ?? (triggers != nil ? stormTick : nil) else {
            return try await consumer.next().map(Step.record) ?? .closed
        }
        return try await withThrowingTaskGroup(of: Step.self) { group in
            group.addTask { try await consumer.next().map(Step.record) ?? .closed }
            group.addTask {
                try await Task.sleep(for: idle)
                return .idle
            }
            defer { group.cancelAll() }
            guard let first = await group.nextResult() else { return .closed }
            guard case .success(.idle) = first else { return try first.get() }
            group.cancelAll()
            // next() was cancelled; a record it took before the cancel is still this run's.
            while let other = await group.nextResult() {
                if case .success(let step) = other, case .record = step { return step }
            }
            return .idle
        }
    }

    /// The outbox entries of what `event` triggers, at most ``EventStore/maxActionsPerEvent`` (the
    /// rest are reported and dropped: a rule set that plans more for one event is wrong).
    private func pending(
        for event: PONEvent,
        at position: EventSourcePosition,
        stage: inout EventTriggerStage
    ) throws -> (actions: [PendingAction], storms: [PONStormChange]) {
        let result = stage.process(event, now: Date())
        for outcome in result.outcomes {
            switch outcome {
            case .stormRaised(let storm):
                report("\(position): storm raised on \(storm.port) (\(storm.onus.count) ONUs); their triggers are held")
            case .stormCleared(let storm): report("\(position): storm cleared on \(storm.port)")
            default: break
            }
        }
        var actions = result.actions
        if actions.count > EventStore.maxActionsPerEvent {
            report(
                "\(position): \(event.name) planned \(actions.count) actions; only the first "
                    + "\(EventStore.maxActionsPerEvent) are queued: check the trigger rules"
            )
            actions.removeLast(actions.count - EventStore.maxActionsPerEvent)
        }
        return (
            try actions.map { try PendingAction(key: $0.key, encoding: $0) },
            result.stormChanges
        )
    }
}
