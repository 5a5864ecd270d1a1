public import Foundation

/// Turns many signal-lost / power-lost raises on one PON port into one PON-level storm.
///
/// When ``PONStormSettings/threshold`` distinct ONUs of one port (OLT id + PON interface) raise
/// signal lost or power lost within ``PONStormSettings/window`` seconds, the detector emits
/// ``PONEventOutcome/stormRaised(_:)`` and absorbs the port's further signal/power raises and
/// clears (``PONEventOutcome/absorbed(_:port:)``), so triggers see one PON event instead of a
/// flood. The raises before the threshold was reached have already been delivered: holding every
/// loss until a storm is ruled out would delay every genuine single-ONU trigger by the window.
/// When no new raise arrives for ``PONStormSettings/clearAfter`` seconds the storm ends with
/// ``PONEventOutcome/stormCleared(_:)``, naming the ONUs still down; an ONU whose loss was passed
/// on before the storm and that is back by then gets its recovery passed on (``recovery(of:on:at:)``),
/// since the storm absorbed its own clear.
///
/// Each storm also stands for one PON-level event: right after ``PONEventOutcome/stormRaised(_:)``
/// the detector delivers ``PONStorm/event`` (kind ``PONEventKind/ponDown``, raise: the
/// `voltha.pon_down` trigger fires for the storm, with the port's OLT and PON as facts), and right
/// after ``PONEventOutcome/stormCleared(_:)`` its clear (`voltha.pon_up`) — when the PON is back.
/// A storm's end says only that no new loss came for the quiet period; the PON is back when the
/// ONUs are: VOLTHA sends nothing PON-level when a partly cut PON recovers, only each ONU's loss
/// clear as the OLT rediscovers it (voltha-openolt-adapter `internal/pkg/core/device_handler.go:1906-1935`,
/// `processDiscONULOSClear`: BAL sends no "LOS off" for the ONU). So a storm that ends with ONUs
/// still down leaves the outage open: its `pon_up` comes with the clear of the last of them (or
/// the OLT's own report that the port is up), keeping the storm's identity; a storm that begins
/// there meanwhile is the same outage (no second `pon_down`). At most ``PONStormSettings/maxPorts``
/// such outages are kept (beyond that, a storm's end is its `pon_up`, as when none is down). With
/// ``recordsOutageChanges`` each change of such an open outage is reported
/// (``takeOutageChanges()``) for the event store to keep with the event that made it, and a
/// restarted consumer brings them back (``restoreOpenOutages(_:)``): the ONUs' later return still
/// ends the outage with its `pon_up`.
///
/// A port has one outage whichever source reports it: the storm, or the OLT itself
/// (`OLT_LOSS_OF_SIGNAL_RAISE_EVENT` / `_CLEAR_EVENT`, raised while the port sees no light:
/// voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:245-287`; or
/// `OLT_PON_INTERFACE_DOWN_RAISE_EVENT` / `_CLEAR_EVENT`, the port's oper state, `:660-690`; with
/// its port known). The outage begins
/// with the first source that says the port is down and ends when the last one says it is up
/// again, and only those two events are delivered: `pon_down` and `pon_up` fire once per outage in
/// any order. So a storm on a port the OLT reported down delivers no PON-level event, nor does its
/// end while the OLT still reports the port down; and the OLT's report, raise or clear, is absorbed
/// while a storm lasts on its port (the storm's end then ends the outage). ``restoreReportedDown(_:)``
/// brings back the ports the OLT reported down long ago (the active alarms of a store).
///
/// The loss-of-signal clear VOLTHA sends for an ONU rediscovered after a fibre repair, and every
/// OMCI alarm of the openonu adapter (its dying gasp among them), name the ONU but not its OLT:
/// the detector fills in the OLT the ONU was last reported on (``ONUParents``), in the event it
/// passes on too, so the event counts in that port's storm.
///
/// Time comes from the events (`raised_ts`, else `reported_ts`, else the `now` the caller passes),
/// one clock per OLT: each adapter stamps its events with its own `time.Now()` (voltha-openolt-adapter
/// `internal/pkg/core/device_handler.go:633, 663, 697`; voltha-openonu-adapter-go
/// `internal/pkg/almgr/alarm_manager.go:757`), so an event of one OLT never moves the time of
/// another's storms. An OLT's time never goes backwards: its event stamped earlier than the latest
/// counts at that latest time. A storm ends when its OLT's time passes the quiet period (the OLT's
/// next event after it) or at ``advance(to:)`` (a live consumer's clock, the campaign's clock).
/// No sleeps, no wall clock: replaying the same events gives the same storms.
///
/// Memory is bounded: ``PONStormSettings/maxPorts`` ports with recent raises and as many active
/// storms, ``PONStormSettings/maxONUsPerPort`` ONUs each, as many OLT clocks as ports (the least
/// recently seen forgotten first: a forgotten OLT's time starts again from its next event).
public struct StormDetector: Sendable {
    public let settings: PONStormSettings
    /// Per port, the ONUs whose loss was passed on within the window: the raise, without its
    /// description and context (a storm's end recovers them from it).
    private var recent: RecentMap<PONPort, RecentMap<String, PONEvent>>
    private var storms: [PONPort: Storm] = [:]
    /// The ports with a storm, per OLT (the storms an OLT's time can end).
    private var stormPorts: [String: Set<PONPort>] = [:]
    /// Each OLT's time: the latest of its events (at most ``PONStormSettings/maxPorts`` OLTs).
    private var clocks: RecentMap<String, Date>
    /// Ports the OLT reported down and not up again (at most ``PONStormSettings/maxPorts``).
    private var reportedDown: Set<PONPort> = []
    /// The OLT of each ONU, for the rediscovery clear that names none (``ONUParents``).
    private var parents: ONUParents
    /// Ports whose storm ended while ONUs it counted were still down (at most
    /// ``PONStormSettings/maxPorts``): the outage goes on until the last of them is back, or the
    /// OLT reports the port up.
    private var lingering: [PONPort: Lingering] = [:]
    /// Whether changes of ``lingering`` are noted for ``takeOutageChanges()`` (a consumer that
    /// keeps them in its store takes them after every call; nobody else should set it, or the
    /// ports noted would pile up untaken).
    public var recordsOutageChanges = false
    /// The ports whose open outage changed since ``takeOutageChanges()`` (with
    /// ``recordsOutageChanges``).
    private var changedOutages: Set<PONPort> = []

    /// An outage a storm began that outlived the storm: the storm as it ended (its `pon_up` keeps
    /// the storm's identity), and the ONUs still down.
    private struct Lingering: Sendable {
        var storm: PONStorm
        var down: Set<String>
    }
    /// The latest event or `advance` time seen, of any OLT (not the time storms are judged by).
    public private(set) var clock = Date.distantPast

    private struct Storm: Sendable {
        var startedAt: Date
        var lastRaise: Date
        var raises: Int
        var onus: Set<String>
        var down: Set<String>
        /// The ONUs whose loss was passed on before the storm began, with that raise.
        var delivered: [String: PONEvent]
        /// Restored from the store (``restoreStorms(_:)``): events older than its start are the
        /// ones that came before it.
        var restored = false
        /// The OLT reported the port up while the storm lasted (its clear was absorbed): at the
        /// storm's end the PON is back, whatever ONUs are still down.
        var portUp = false
        /// For ``endQuiet(now:)``: the `lastRaise` its previous call saw, and that call's time —
        /// the storm has had no new loss since then, measured on the caller's clock.
        var quiet: (lastRaise: Date, since: Date)? = nil
    }

    /// A detector with `settings`.
    public init(settings: PONStormSettings = PONStormSettings()) {
        self.settings = settings
        recent = RecentMap(capacity: settings.maxPorts)
        clocks = RecentMap(capacity: settings.maxPorts)
        parents = ONUParents(capacity: min(settings.maxONUs, Int.max / 2) * 2)
    }

    /// The storms in progress, by port.
    public var activeStorms: [PONStorm] {
        storms.map { port, storm in snapshot(port, storm, endedAt: nil) }.sorted { $0.port < $1.port }
    }

    /// What to do with `event`: storms that ended before it, then the event's own outcome.
    public mutating func process(_ event: PONEvent, now: Date? = nil) -> [PONEventOutcome] {
        process(parents.resolve(event), now: now, passedOn: false)
    }

    /// `event` with the OLT (and PON) its ONU was last reported on when it names none; remembers
    /// the OLT of an event that names both (``ONUParents``).
    mutating func resolveParent(_ event: PONEvent) -> PONEvent { parents.resolve(event) }

    /// Remembers that the ONU `serial` / `device` is on `olt`, PON `pon` (a reconciliation's
    /// inventory, a restarted consumer's alarms): its events that name no OLT get this one.
    public mutating func learnONUParent(serial: String?, device: String?, olt: String, pon: UInt32?) {
        parents.learn(serial: serial, device: device, olt: olt, pon: pon)
    }

    /// ``process(_:now:)`` for an event already through ``resolveParent(_:)`` (once: its OLT is
    /// learnt or filled in by that); `passedOn`: the event is the second report of a change whose
    /// first report, naming no OLT, was already passed on (``PONEventFilter``): its raise counts as
    /// passed on before the storm (recovered at the storm's end), and its clear ends that.
    mutating func process(_ event: PONEvent, now: Date?, passedOn: Bool) -> [PONEventOutcome] {
        let (time, ended) = tick(event, now: now)
        var outcomes = ended
        if event.kind == .ponDown, event.phase != .bare, event.alarmName != PONStorm.alarmName,
            let port = PONPort(event)
        {
            if event.phase == .clear {
                reportedDown.remove(port)
                // The OLT sees light on the port again (OLT_LOSS_OF_SIGNAL_CLEAR_EVENT: voltha-openolt-adapter
                // openolt_eventmgr.go:245-287), or its oper state is up: the port's own word ends the outage.
                if storms[port] == nil, lingering.removeValue(forKey: port) != nil { outageChanged(port) }
            } else if reportedDown.count < settings.maxPorts {
                reportedDown.insert(port)
            }
            if storms[port] != nil {
                // The storm stands for the port's outage: it fired pon_down, and its end decides pon_up.
                if event.phase == .clear { storms[port]?.portUp = true }
                outcomes.append(.absorbed(event, port: port))
                return outcomes
            }
            if event.phase == .raise, lingering[port] != nil {
                // An earlier storm's outage goes on (ONUs still down): the OLT's down is part of it.
                outcomes.append(.absorbed(event, port: port))
                return outcomes
            }
        }
        guard PONStormSettings.stormKinds.contains(event.kind), event.phase != .bare,
            let port = PONPort(event), let onu = Self.onuKey(event)
        else {
            outcomes.append(.deliver(event))
            return outcomes
        }
        // A storm is changed out of the table: still held there, its sets and recoveries would be
        // copied whole by every change (work growing with the storm's ONUs, per event).
        if storms[port]?.restored == true, let started = storms[port]?.startedAt, time < started,
            var storm = storms.removeValue(forKey: port)
        {
            // Replayed from before a restored storm began: passed on then, as before the restart.
            if event.phase == .raise {
                var kept = event
                kept.raisedAt = time
                kept.description = ""
                kept.context = [:]
                if storm.onus.count < settings.maxONUsPerPort {
                    storm.onus.insert(onu)
                    storm.down.insert(onu)
                    storm.delivered[onu] = kept
                }
            } else {
                storm.down.remove(onu)
                storm.delivered[onu] = nil
            }
            storms[port] = storm
            outcomes.append(.deliver(event))
            return outcomes
        }
        if var storm = storms.removeValue(forKey: port) {
            if event.phase == .raise {
                storm.raises += 1
                storm.lastRaise = time
                if storm.onus.count < settings.maxONUsPerPort { storm.onus.insert(onu) }
                if storm.down.count < settings.maxONUsPerPort { storm.down.insert(onu) }
                if passedOn, storm.delivered.count < settings.maxONUsPerPort {
                    storm.delivered[onu] = Self.kept(event, at: time)
                }
            } else {
                storm.down.remove(onu)
                if lingering[port]?.down.remove(onu) != nil { outageChanged(port) }
                // Its first report's clear was passed on: no recovery at the storm's end.
                if passedOn { storm.delivered[onu] = nil }
            }
            storms[port] = storm
            outcomes.append(.absorbed(event, port: port))
            return outcomes
        }
        guard event.phase == .raise else {
            recent.modify(port) { $0.remove(onu) }
            outcomes.append(.deliver(event))
            if var outage = lingering[port], outage.down.remove(onu) != nil {
                lingering[port] = outage.down.isEmpty ? nil : outage
                outageChanged(port)
                if outage.down.isEmpty, !reportedDown.contains(port) {
                    // The last ONU the storm left down is back: the PON is up (pon_up).
                    var back = outage.storm
                    back.endedAt = time
                    back.stillDown = []
                    outcomes.append(.deliver(back.event))
                }
            }
            return outcomes
        }
        // A raise on a port with a lingering outage: that ONU is down in it too (if it was counted).
        if lingering[port] != nil, lingering[port]?.storm.onus.contains(onu) == true,
            (lingering[port]?.down.count ?? 0) < settings.maxONUsPerPort
        {
            if lingering[port]?.down.insert(onu).inserted == true { outageChanged(port) }
        }
        // Taken out of `recent` (set back below): changed in place, not copied per raise.
        var onus = recent.take(port) ?? RecentMap(capacity: settings.maxONUsPerPort)
        let horizon = time.addingTimeInterval(-settings.window)
        onus.removeOldest { _, raise in (raise.raisedAt ?? .distantPast) < horizon }
        onus.set(onu, Self.kept(event, at: time))
        guard onus.count >= settings.threshold, storms.count < settings.maxPorts else {
            recent.set(port, onus)
            outcomes.append(.deliver(event))
            return outcomes
        }
        var members: Set<String> = []
        var delivered: [String: PONEvent] = [:]
        var started = time
        var scan = onus
        while let first = scan.oldest() {
            members.insert(first.key)
            started = min(started, first.value.raisedAt ?? time)
            // This event's own raise is absorbed (unless its first report was passed on); the
            // earlier ones were passed on.
            if first.key != onu || passedOn { delivered[first.key] = first.value }
            scan.remove(first.key)
        }
        let storm = Storm(
            startedAt: started,
            lastRaise: time,
            raises: members.count,
            onus: members,
            down: members,
            delivered: delivered
        )
        begin(storm, on: port)
        let raised = snapshot(port, storm, endedAt: nil)
        outcomes.append(.stormRaised(raised))
        // The OLT reported the port down first, or an earlier storm's outage goes on (ONUs still
        // down): that began the outage.
        if !reportedDown.contains(port), lingering[port] == nil { outcomes.append(.deliver(raised.event)) }
        outcomes.append(.absorbed(event, port: port))
        return outcomes
    }

    /// The time of `event` on its OLT's clock (which it moves on), and the storms of that OLT that
    /// ended by then. An event naming no OLT concerns no storm: its own time, nothing ended.
    mutating func tick(_ event: PONEvent, now: Date?) -> (time: Date, ended: [PONEventOutcome]) {
        let own = event.raisedAt ?? event.reportedAt ?? now
        guard let olt = event.oltDeviceID else {
            let time = own ?? clock
            clock = max(clock, time)
            return (time, [])
        }
        let previous = clocks[olt]
        let time = max(previous ?? .distantPast, own ?? previous ?? clock)
        clocks.set(olt, time)
        clock = max(clock, time)
        return (time, end(stormPorts[olt] ?? [], at: time))
    }

    /// Ends the storms quiet for ``PONStormSettings/clearAfter`` seconds at `now`, on every OLT (a
    /// clock the caller trusts: a live consumer's, the campaign's).
    public mutating func advance(to now: Date) -> [PONEventOutcome] {
        clock = max(clock, now)
        let ports = Array(storms.keys)
        return end(ports, at: now)
    }

    /// Ends the storms that no new loss joined for ``PONStormSettings/clearAfter`` seconds of the
    /// caller's clock (`now`: a live consumer's tick), though their OLT has sent nothing since —
    /// without this, a quiet OLT's storm would last until its next event. Each call notes, per
    /// storm, its latest loss; a storm whose latest loss is unchanged since a call at least
    /// `clearAfter` seconds before `now` ends. Its end is stamped as an end on event arrival would
    /// be, on the OLT's clock (its latest loss + `clearAfter`), so the PON events and header ids it
    /// gives are the same whichever way it ends. The OLT's own clock is never compared with `now`:
    /// an adapter stamping minutes behind or ahead ends no storm early or late. A storm ends between
    /// `clearAfter` and `clearAfter` + the tick interval after its latest loss was received (a
    /// restored storm: after the first call). Linear in the storms in progress.
    public mutating func endQuiet(now: Date) -> [PONEventOutcome] {
        var ending: [PONPort] = []
        for port in Array(storms.keys) {
            guard let lastRaise = storms[port]?.lastRaise else { continue }
            if let quiet = storms[port]?.quiet, quiet.lastRaise == lastRaise {
                if now.timeIntervalSince(quiet.since) >= settings.clearAfter { ending.append(port) }
            } else {
                storms[port]?.quiet = (lastRaise, now)
            }
        }
        // Every storm in `ending` is due: `end` stamps each at its latest loss + clearAfter.
        return end(ending, at: .distantFuture)
    }

    /// Ends the storms of `ports` quiet for ``PONStormSettings/clearAfter`` seconds at `now`, the
    /// earliest first.
    private mutating func end(_ ports: some Sequence<PONPort>, at now: Date) -> [PONEventOutcome] {
        var due: [(at: Date, port: PONPort)] = []
        for port in ports {
            guard let storm = storms[port] else { continue }
            let end = storm.lastRaise.addingTimeInterval(settings.clearAfter)
            if end <= now { due.append((end, port)) }
        }
        guard !due.isEmpty else { return [] }
        var outcomes: [PONEventOutcome] = []
        for (due, port) in due.sorted(by: { $0.at != $1.at ? $0.at < $1.at : $0.port < $1.port }) {
            guard let storm = storms.removeValue(forKey: port) else { continue }
            stormPorts[port.oltDeviceID]?.remove(port)
            if stormPorts[port.oltDeviceID]?.isEmpty == true { stormPorts[port.oltDeviceID] = nil }
            let cleared = snapshot(port, storm, endedAt: due)
            outcomes.append(.stormCleared(cleared))
            // The quiet period says only that no new loss came, not that the PON is back: ONUs the
            // storm counted are still down (VOLTHA clears each one's loss when the OLT rediscovers
            // it, voltha-openolt-adapter device_handler.go:1906-1935). The outage goes on until the
            // last of them is back, or the OLT reports the port up; a storm with none down is the
            // PON back (pon_up now). Its pon_up keeps the first storm's identity.
            let earlier = lingering.removeValue(forKey: port)
            let down = storm.down.union(earlier?.down ?? [])
            if !down.isEmpty, !storm.portUp, earlier != nil || lingering.count < settings.maxPorts {
                lingering[port] = Lingering(storm: earlier?.storm ?? cleared, down: down)
                outageChanged(port)
            } else if earlier != nil {
                outageChanged(port)
            }
            if lingering[port] == nil, !reportedDown.contains(port) {
                // While the OLT still reports the port down, the outage goes on: its clear will end it.
                var back = earlier?.storm ?? cleared
                back.endedAt = due
                back.stillDown = storm.portUp ? cleared.stillDown : down.sorted()
                outcomes.append(.deliver(back.event))
            }
            // ONUs whose loss was passed on before the storm and that are back: their clears were
            // absorbed, so their recovery is passed on now, or they would stay marked down.
            for (onu, raise) in storm.delivered.sorted(by: { $0.key < $1.key }) where !storm.down.contains(onu) {
                outcomes.append(.deliver(Self.recovery(of: raise, on: port, at: due)))
            }
        }
        return outcomes
    }

    /// Brings back storms a previous run left active (``PONStormChange``): each as it began, so
    /// its start, its PON events' header ids and its `pon_up` stay the same. Events replayed after
    /// this that are older than a storm's start rebuild what came before it (the losses passed on
    /// then); later ones are absorbed, and the storm ends after the quiet period as usual. At most
    /// ``PONStormSettings/maxPorts`` storms.
    public mutating func restoreStorms(_ active: some Sequence<PONStormRecord>) {
        for record in active where storms[record.port] == nil && storms.count < settings.maxPorts {
            let port = record.port
            let lastRaise = max(record.startedAt, record.lastLoss)
            let storm = Storm(
                startedAt: record.startedAt,
                lastRaise: lastRaise,
                raises: 0,
                onus: [],
                down: [],
                delivered: [:],
                restored: true
            )
            begin(storm, on: port)
        }
    }

    /// The open outages: ports whose storm ended while ONUs it counted were still down, sorted by
    /// port.
    public var openOutages: [PONOpenOutage] {
        lingering.map { PONOpenOutage(storm: $1.storm, down: $1.down.sorted()) }.sorted {
            $0.storm.port < $1.storm.port
        }
    }

    /// Brings back the open outages a previous run left (``EventStore/openOutages(limit:)``): the
    /// return of the last of their ONUs (or the OLT's report that the port is up) ends each with
    /// its `pon_up`, keeping the first storm's identity; a storm that begins there meanwhile is the
    /// same outage. An outage the detector knows already is kept as it is. At most
    /// ``PONStormSettings/maxPorts`` in all.
    public mutating func restoreOpenOutages(_ outages: some Sequence<PONOpenOutage>) {
        for outage in outages where !outage.down.isEmpty {
            let port = outage.storm.port
            guard lingering[port] == nil, lingering.count < settings.maxPorts else { continue }
            lingering[port] = Lingering(
                storm: outage.storm,
                down: Set(outage.down.prefix(settings.maxONUsPerPort))
            )
        }
    }

    /// The changes of open outages since the last call (with ``recordsOutageChanges``), by port:
    /// ``PONStormChange/outageOpened(_:)`` with the outage as it is now, or
    /// ``PONStormChange/outageClosed(_:)`` when it ended. The store keeps them with the event whose
    /// processing made them.
    public mutating func takeOutageChanges() -> [PONStormChange] {
        guard !changedOutages.isEmpty else { return [] }
        defer { changedOutages = [] }
        return changedOutages.sorted().map { port in
            lingering[port].map { .outageOpened(PONOpenOutage(storm: $0.storm, down: $0.down.sorted())) }
                ?? .outageClosed(port)
        }
    }

    private mutating func outageChanged(_ port: PONPort) {
        if recordsOutageChanges { changedOutages.insert(port) }
    }

    private mutating func begin(_ storm: Storm, on port: PONPort) {
        storms[port] = storm
        stormPorts[port.oltDeviceID, default: []].insert(port)
    }

    /// Remembers the OLT of the ONUs of `alarms` (a store's active `ONU_LOSS_OF_SIGNAL` alarms) for
    /// a restarted consumer: the repair's clears (``ONUParents``) may come long after the raises
    /// it warms up with.
    public mutating func restoreONUParents(_ alarms: some Sequence<PONAlarm>) {
        for alarm in alarms {
            guard let olt = alarm.oltDeviceID else { continue }
            parents.learn(serial: alarm.onuSerial, device: alarm.onuDeviceID, olt: olt, pon: alarm.ponInterface)
        }
    }

    /// The ports the OLT reported down and not up again, sorted.
    public var portsReportedDown: [PONPort] { reportedDown.sorted() }

    /// Adds `ports` to the ports the OLT reported down (at most ``PONStormSettings/maxPorts`` in
    /// all): for a restarted consumer whose OLT reports are older than the events it warms up with.
    public mutating func restoreReportedDown(_ ports: some Sequence<PONPort>) {
        for port in ports where reportedDown.count < settings.maxPorts { reportedDown.insert(port) }
    }

    private func snapshot(_ port: PONPort, _ storm: Storm, endedAt: Date?) -> PONStorm {
        PONStorm(
            port: port,
            startedAt: storm.startedAt,
            endedAt: endedAt,
            raises: storm.raises,
            onus: storm.onus.sorted(),
            stillDown: storm.down.sorted()
        )
    }

    /// The clear a storm's end passes on for an ONU whose loss (`raise`) was passed on before the
    /// storm and whose own clear the storm absorbed. Its header id
    /// (`Ferrule.recovered.<olt>.<pon>.<onu>.<end ms>`) and time come from the storm, so a replay
    /// gives the same event and the same idempotency keys.
    static func recovery(of raise: PONEvent, on port: PONPort, at end: Date) -> PONEvent {
        var clear = raise
        clear.name = raise.alarmName + "_CLEAR_EVENT"
        clear.phase = .clear
        clear.raisedAt = end
        clear.reportedAt = nil
        let ms = Int64(end.storeMilliseconds)  // as the event store keeps it: the same id after a restart
        clear.headerID =
            "Ferrule.recovered.\(port.oltDeviceID).\(port.ponInterface).\(onuKey(raise) ?? "").\(ms)"
        clear.description = "back by the end of the storm on \(port) (its clear was absorbed by the storm)"
        return clear
    }

    /// The raise remembered for an ONU: stamped `time`, without its description and context.
    static func kept(_ event: PONEvent, at time: Date) -> PONEvent {
        var kept = event
        kept.raisedAt = time
        kept.description = ""
        kept.context = [:]
        return kept
    }

    /// The ONU an event is about: its serial, else its VOLTHA id, else its number on the port.
    static func onuKey(_ event: PONEvent) -> String? {
        event.onuSerial ?? event.onuDeviceID ?? event.onuNumber.map { "onu-\($0)" }
    }
}
