import FerruleJSON

/// The NBI's writes (GenieACS 1.2.16 lib/nbi.ts:78-588; lib/nbi.ts:258-420).
extension StandInState {
    enum ConnectionRequestResult: Sendable, Equatable {
        case noSuchDevice
        /// Accepted; the CPE starts a session after `crToSessionMs`.
        case accepted
        /// The CR error text GenieACS puts in the reason phrase (GenieACS 1.2.16 lib/nbi.ts:382, 410-412;
        /// lib/connection-request.ts:99-169).
        case failed(String)
    }

    enum PostTaskOutcome: Sendable {
        case noSuchDevice
        /// 202, no connection request asked for.
        case queued(JSONValue)
        /// GenieACS 1.2.16 lib/nbi.ts:258-420: the device is in a session: task inserted, no CR sent, 202 `Task queued
        /// but not processed`.
        case deviceInSession(JSONValue)
        /// GenieACS 1.2.16 lib/nbi.ts:382, 410-412; lib/connection-request.ts:99-169: the CR failed: 202 with the CR
        /// error as the reason.
        case connectionRequestFailed(JSONValue, String)
        /// The CR was accepted; wait for the session, then look for `faultID`.
        case waiting(JSONValue, SessionWaiter, device: Int, faultID: String?)
        /// In memory, the CR was accepted and the session it starts fits the POST's waits: it ran inside the call
        /// (GenieACS 1.2.16 lib/nbi.ts:382-415): 200, or 202 `Task faulted` when `faulted`.
        case ran(JSONValue, faulted: Bool)
    }

    /// `POST /devices/<id>/tasks` with a body (GenieACS 1.2.16 lib/nbi.ts:258-420). The device is checked before the
    /// task is sanitized.
    ///
    /// - Parameter sessionInCall: the clock-driven stand-in's way of letting a POST wait: the session the CR starts
    ///   runs now, inside the call (no time passes in memory), instead of `crToSessionMs` later.
    mutating func postTask(
        deviceID: String,
        body: JSONValue,
        connectionRequest: Bool,
        sessionInCall: Bool = false,
        now: Int64
    ) throws(WorkerCrash) -> PostTaskOutcome {
        guard let di = registeredDevice(deviceID) else { return .noSuchDevice }
        // GenieACS 1.2.16 lib/nbi.ts:268-269; lib/api-functions.ts:356-361: one task per request; an array body inserts
        // its tasks without a device.
        let inserted: [TaskRecord]
        if case .array(let items) = body {
            var records: [TaskRecord] = []
            for item in items {
                records.append(try makeTask(TaskSanitizer.sanitize(item, device: nil, now: now), device: nil, now: now))
            }
            for r in records { insert(r) }
            inserted = records
        } else {
            let record = try makeTask(
                TaskSanitizer.sanitize(body, device: deviceID, now: now),
                device: deviceID,
                now: now
            )
            insert(record)
            inserted = [record]
        }
        let response: JSONValue =
            if case .array = body { .array(inserted.map(\.responseDocument)) } else { inserted[0].responseDocument }
        guard connectionRequest else { return .queued(response) }
        if devices[di].inSession { return .deviceInSession(response) }
        let faultID = inserted.count == 1 && inserted[0].device != nil ? deviceID + ":" + inserted[0].channel : nil
        switch sendConnectionRequest(di, now: now, scheduleSession: !sessionInCall) {
        case .noSuchDevice: return .noSuchDevice
        case .failed(let reason): return .connectionRequestFailed(response, reason)
        case .accepted where sessionInCall:
            // lib/nbi.ts:382-415: the session started and ended within the waits; 200 unless the task's channel has
            // a fault (lib/nbi.ts:399-402).
            runSessionNow(di, now: now)
            return .ran(response, faulted: faultID.map { faults[$0] != nil } ?? false)
        case .accepted:
            let waiter = SessionWaiter()
            addWaiter(waiter, device: di)
            return .waiting(response, waiter, device: di, faultID: faultID)
        }
    }

    private mutating func makeTask(_ s: TaskSanitizer.Sanitized, device: String?, now: Int64) -> TaskRecord {
        TaskRecord(id: newObjectID(now: now), seq: takeSeq(), device: device, task: s)
    }

    /// Inserts a task; GenieACS 1.2.16 lib/api-functions.ts:362-367 `uniqueKey`: a task of the same device with the
    /// same key is deleted first.
    mutating func insert(_ task: TaskRecord) {
        stats.tasksCreated[task.name, default: 0] += 1
        guard let device = task.device else {
            tasks[task.id] = task
            orphanTasks.append(task.id)
            return
        }
        if let key = task.uniqueKey {
            for other in tasksByDevice[device] ?? [] where tasks[other]?.uniqueKey == key { removeTask(other) }
        }
        tasks[task.id] = task
        tasksByDevice[device, default: []].append(task.id)
    }

    mutating func removeTask(_ id: String) {
        guard let task = tasks.removeValue(forKey: id) else { return }
        if let device = task.device {
            tasksByDevice[device]?.removeAll { $0 == id }
            if tasksByDevice[device]?.isEmpty == true { tasksByDevice[device] = nil }
        } else {
            orphanTasks.removeAll { $0 == id }
        }
    }

    /// `POST /devices/<id>/tasks?connection_request` with an empty body, and the CR of a task POST (GenieACS 1.2.16
    /// lib/nbi.ts:258-420).
    mutating func connectionRequest(deviceID: String, now: Int64) -> ConnectionRequestResult {
        guard let di = registeredDevice(deviceID) else { return .noSuchDevice }
        return sendConnectionRequest(di, now: now)
    }

    private mutating func sendConnectionRequest(_ di: Int, now: Int64, scheduleSession: Bool = true)
        -> ConnectionRequestResult
    {
        stats.connectionRequests += 1
        let d = devices[di]
        if !d.online {
            stats.connectionRequestFailures += 1
            return .failed("Device is offline")
        }
        if d.badCredentials {
            stats.connectionRequestFailures += 1
            // lib/connection-request.ts:169, the HTTP connection request's text (the bare text is XMPP's, :303).
            return .failed("Connection request error: Incorrect connection request credentials")
        }
        if scheduleSession {
            events.push(at: now + Int64(max(1, scenario.latencies.crToSessionMs)), device: di, .sessionStart)
        }
        return .accepted
    }

    enum SessionGuarded<T: Sendable>: Sendable {
        case inSession
        case done(T)
    }

    /// `DELETE /tasks/<id>` (lib/nbi.ts:426-456): 404 `Task not found`, 503 `Device is in session`, else the task
    /// and the fault `<device>:task_<id as written in the URL>` go.
    mutating func deleteTask(_ rawID: String) throws(WorkerCrash) -> SessionGuarded<Bool> {
        guard let id = ObjectID.normalize(rawID) else { throw ObjectID.crash(for: rawID) }
        guard let task = tasks[id] else { return .done(false) }
        if let device = task.device, let di = deviceIndex[device], devices[di].inSession { return .inSession }
        removeTask(id)
        removeFault((task.device ?? "undefined") + ":task_" + rawID)
        return .done(true)
    }

    /// `POST /tasks/<id>/retry` (lib/nbi.ts:461-484): deletes the fault `<device>:task_<id as written>`; an
    /// unknown id crashes the worker (`task.device` of `null`, :468).
    mutating func retryTask(_ rawID: String) throws(WorkerCrash) -> SessionGuarded<Void> {
        guard let id = ObjectID.normalize(rawID) else { throw ObjectID.crash(for: rawID) }
        guard let task = tasks[id] else {
            throw WorkerCrash("TypeError: Cannot read properties of null (reading 'device')")
        }
        let device = task.device ?? "undefined"
        if let di = deviceIndex[device], devices[di].inSession { return .inSession }
        removeFault(device + ":task_" + rawID)
        return .done(())
    }

    /// `DELETE /faults/<deviceId>:<channel>` (lib/nbi.ts:238-257, lib/api-functions.ts:397-410): 200 also when
    /// absent; a `task_<id>` channel takes the task too. The fault deletion starts before `new ObjectId(<id>)`
    /// runs (:403-405), so a `task_` channel that is no ObjectId deletes the fault and then crashes the worker.
    mutating func deleteFault(_ id: String) throws(WorkerCrash) -> SessionGuarded<Void> {
        let device = String(id.prefix { $0 != ":" })
        let channel = String(id.dropFirst(device.count + 1))
        if let di = deviceIndex[device], devices[di].inSession { return .inSession }
        removeFault(id)
        if channel.hasPrefix("task_") {
            let raw = String(channel.dropFirst(5))
            guard let taskID = ObjectID.normalize(raw) else { throw ObjectID.crash(for: raw) }
            removeTask(taskID)
        }
        return .done(())
    }

    mutating func removeFault(_ id: String) {
        guard let fault = faults.removeValue(forKey: id) else { return }
        faultsByDevice[fault.device]?.remove(id)
        if faultsByDevice[fault.device]?.isEmpty == true { faultsByDevice[fault.device] = nil }
    }

    mutating func putFault(_ fault: FaultRecord) {
        faults[fault.id] = fault
        faultsByDevice[fault.device, default: []].insert(fault.id)
    }

    /// `POST`/`DELETE /devices/<id>/tags/<tag>` (GenieACS 1.2.16 lib/nbi.ts:202-237); false = `No such device`.
    mutating func setTag(_ tag: String, on deviceID: String, present: Bool) -> Bool {
        guard let di = registeredDevice(deviceID) else { return false }
        setTag(tag, device: di, present: present)
        return true
    }

    mutating func setTag(_ tag: String, device di: Int, present: Bool) {
        var tags = devices[di].tags ?? []
        if present {
            if !tags.contains(tag) { tags.append(tag) }
        } else {
            // `$pull` on a device never tagged leaves the field absent.
            guard devices[di].tags != nil else { return }
            tags.removeAll { $0 == tag }
        }
        devices[di].tags = tags
    }

    /// `DELETE /devices/<id>` (GenieACS 1.2.16 lib/nbi.ts:565-588; lib/api-functions.ts:374-395): the document, its
    /// tasks, faults and operations go; the CPE re-registers at its next Inform.
    mutating func deleteDevice(_ deviceID: String) -> SessionGuarded<Void> {
        guard let di = deviceIndex[deviceID] else { return .done(()) }
        if devices[di].inSession { return .inSession }
        if devices[di].registered { unregisteredDevices += 1 }
        devices[di].registered = false
        devices[di].tags = nil
        devices[di].delta = nil
        devices[di].refreshes = []
        for id in tasksByDevice[deviceID] ?? [] { tasks[id] = nil }
        tasksByDevice[deviceID] = nil
        for id in faultsByDevice[deviceID] ?? [] { faults[id] = nil }
        faultsByDevice[deviceID] = nil
        for id in operationsByDevice[deviceID] ?? [] { operations[id] = nil }
        operationsByDevice[deviceID] = nil
        return .done(())
    }

    /// `PUT /files/<name>` (GenieACS 1.2.16 lib/nbi.ts:493-541): the same name is deleted first; GridFS `fs.files`
    /// document.
    mutating func putFile(name: String, length: Int, metadata: [(String, String?)], now: Int64) {
        documents["files"]?.remove(name)
        documents["files"]?.insertNew(
            name,
            .object([
                ("_id", .string(name)), ("length", .int(length)), ("chunkSize", .int(261_120)),
                ("uploadDate", .string(Timestamp.iso(now))), ("filename", .string(name)),
                ("metadata", .object(metadata.map { ($0.0, $0.1.map(JSONValue.string) ?? .null) })),
            ])
        )
    }
}
