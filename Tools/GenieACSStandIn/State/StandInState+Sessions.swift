import FerruleJSON

/// The simulated CPEs' CWMP sessions and what GenieACS does in them (GenieACS 1.2.16 lib/cwmp.ts:243-296, 650-745;
/// lib/cwmp/db.ts:551-732).
extension StandInState {
    /// Runs the events due at `now` (at most `limit`), returning the waiter signals to fire outside the lock.
    mutating func runDue(now: Int64, limit: Int = 20_000) -> [WaiterSignal] {
        var signals: [WaiterSignal] = []
        var handled = 0
        while handled < limit, let event = events.popDue(now) {
            handled += 1
            switch event.kind {
            case .periodicInform:
                let interval = Int64(scenario.informIntervalSeconds * 1000)
                if interval > 0 { events.push(at: event.due + interval, device: event.device, .periodicInform) }
                if devices[event.device].online { signals += startSession(event.device, now: now) }
            case .sessionStart:
                signals += startSession(event.device, now: now)
            case .sessionEnd:
                signals += endSession(event.device, now: now)
            case .transferComplete(let id):
                transferComplete(id, now: now)
            case .downloadTimeout(let id):
                downloadTimedOut(id, now: now)
            }
        }
        return signals
    }

    /// The CPE opens a session (Inform); a device already in one starts another when it ends.
    mutating func startSession(_ di: Int, now: Int64) -> [WaiterSignal] {
        if devices[di].inSession {
            devices[di].pendingSession = true
            return []
        }
        devices[di].inSession = true
        devices[di].sessionStart = now
        devices[di].sessionTaskLimit = nextSeq
        stats.sessions += 1
        events.push(at: now + Int64(max(0, scenario.latencies.sessionDurationMs)), device: di, .sessionEnd)
        return (waiters[di] ?? []).map { .started($0) }
    }

    /// A whole session at `now`, start to end, for a device not in one (the clock-driven stand-in's task POST that
    /// waits for its session: ``postTask(deviceID:body:connectionRequest:sessionInCall:now:)``). No waiter is
    /// signalled: in memory none waits in real time.
    mutating func runSessionNow(_ di: Int, now: Int64) {
        guard !devices[di].inSession else { return }
        devices[di].inSession = true
        devices[di].sessionStart = now
        devices[di].sessionTaskLimit = nextSeq
        stats.sessions += 1
        _ = endSession(di, now: now)
    }

    /// The session ends: GenieACS's work for it is applied and the device document saved.
    mutating func endSession(_ di: Int, now: Int64) -> [WaiterSignal] {
        guard devices[di].inSession else { return [] }
        runSessionWork(di, start: devices[di].sessionStart, now: now)
        devices[di].inSession = false
        // Waiters that saw this session start finish; the others wait for the next one (they remove themselves).
        let signals = (waiters[di] ?? []).map { WaiterSignal.ended($0) }
        if devices[di].pendingSession {
            devices[di].pendingSession = false
            events.push(at: now, device: di, .sessionStart)
        }
        return signals
    }

    /// One session's work, timed at the session start `t0` (GenieACS 1.2.16 lib/api-functions.ts:253-258 deferral,
    /// GenieACS 1.2.16 lib/cwmp.ts:650-672 expiry and retries).
    mutating func runSessionWork(_ di: Int, start t0: Int64, now: Int64) {
        let deviceID = devices[di].id
        if !devices[di].registered {
            // GenieACS 1.2.16 lib/nbi.ts:565-588; lib/api-functions.ts:374-395: a deleted device re-registers at its
            // next Inform, with a fresh document.
            devices[di].registered = true
            unregisteredDevices -= 1
            devices[di].registeredAt = t0
            devices[di].lastBoot = t0
            devices[di].lastBootstrap = t0
        }
        devices[di].lastInform = t0
        if devices[di].pendingBoot {
            devices[di].lastBoot = t0
            devices[di].pendingBoot = false
        }
        if devices[di].pendingBootstrap {
            devices[di].lastBootstrap = t0
            devices[di].pendingBootstrap = false
        }

        // GenieACS 1.2.16 lib/cwmp.ts:650-672: faults. Per code, a fault whose expiry is still in the future is deleted
        // at session start, so the task runs again as a plain task; other faults are retried after `retryDelay ×
        // 2^retries`.
        let faultIDs = (faultsByDevice[deviceID] ?? []).sorted { (faults[$0]?.seq ?? 0) < (faults[$1]?.seq ?? 0) }
        var retried: Set<String> = []
        for fid in faultIDs {
            guard let fault = faults[fid] else { continue }
            if let expiry = fault.expiry, expiry >= t0 {
                removeFault(fid)
                continue
            }
            let wait = scenario.retryDelaySeconds * 1000 * Double(1 << min(fault.retries, 40))
            guard Double(t0) >= Double(fault.timestamp) + wait else { continue }
            retried.insert(fid)
            retry(fault, device: di, now: now)
        }

        // GenieACS 1.2.16 lib/api-functions.ts:253-258; lib/cwmp.ts:650-672: due tasks in timestamp order; expired ones
        // are dropped silently; deferred ones wait; a task whose channel has a fault is not run as a plain task.
        let limit = devices[di].sessionTaskLimit
        var due: [TaskRecord] = []
        for id in tasksByDevice[deviceID] ?? [] {
            guard let task = tasks[id], task.seq < limit else { continue }
            if let expiry = task.expiry, expiry <= t0 {
                removeTask(id)
                stats.tasksExpired += 1
                continue
            }
            guard let ts = task.timestamp, ts < t0 else { continue }
            if faults[deviceID + ":" + task.channel] != nil || retried.contains(deviceID + ":" + task.channel) {
                continue
            }
            due.append(task)
        }
        due.sort { ($0.timestamp ?? 0, $0.seq) < ($1.timestamp ?? 0, $1.seq) }
        for task in due {
            let provisions = resolvedProvisions(task)
            switch execute(provisions, device: di, channel: task.channel, ruleKey: task.name, attempt: 0, now: now) {
            case .success:
                removeTask(task.id)
                stats.tasksCompleted += 1
            case .fault(let code, let message, let detail):
                stats.faultsRecorded += 1
                putFault(
                    FaultRecord(
                        device: deviceID,
                        channel: task.channel,
                        seq: takeSeq(),
                        timestamp: now,
                        code: code,
                        message: message,
                        detail: detail,
                        retries: 0,
                        expiry: task.expiry,
                        provisions: provisions,
                        ruleKey: task.name
                    )
                )
            }
        }
    }

    /// GenieACS 1.2.16 lib/cwmp/db.ts:645-660 legacy download: `file` names an uploaded file whose `metadata.fileType`
    /// and `filename` are used; a missing file leaves nulls in the provision.
    private func resolvedProvisions(_ task: TaskRecord) -> [[JSONValue]] {
        guard let file = task.legacyFile else { return task.provisions }
        guard let doc = documents["files"]?[file] else { return [[.string("download"), .null, .null, .string("")]] }
        return [[.string("download"), doc["metadata"]?["fileType"] ?? .null, doc["filename"] ?? .null, .string("")]]
    }

    /// GenieACS 1.2.16 lib/cwmp.ts:406-430: a faulted channel's provisions are retried; success deletes the fault (and
    /// the task), failure counts.
    private mutating func retry(_ fault: FaultRecord, device di: Int, now: Int64) {
        stats.faultRetries += 1
        let outcome = execute(
            fault.provisions,
            device: di,
            channel: fault.channel,
            ruleKey: fault.ruleKey,
            attempt: fault.retries + 1,
            now: now
        )
        switch outcome {
        case .success:
            removeFault(fault.id)
            if fault.channel.hasPrefix("task_") {
                let taskID = String(fault.channel.dropFirst(5))
                if tasks[taskID] != nil {
                    removeTask(taskID)
                    stats.tasksCompleted += 1
                }
            }
        case .fault(let code, let message, let detail):
            var updated = fault
            updated.retries += 1
            updated.timestamp = now
            updated.code = code
            updated.message = message
            updated.detail = detail
            putFault(updated)
        }
    }

    // MARK: Downloads, phase 2 (GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725)

    private mutating func transferComplete(_ id: String, now: Int64) {
        guard let op = operations[id], let di = deviceIndex[op.device] else { return }
        removeOperation(id)
        switch op.outcome {
        case .success:
            stats.downloadsSucceeded += 1
            if op.fileType.hasPrefix("1"), let path = models[devices[di].model].softwareVersionPath {
                let version =
                    scenario.firmware.versions[op.fileName]
                    ?? documents["files"]?[op.fileName]?["metadata"]?["version"]?.stringValue
                    ?? Self.stem(op.fileName)
                let model = models[devices[di].model]
                var tree = DeviceTree(devices[di], model: model)
                tree.nodes[path]?.value = .string(version)
                tree.nodes[path]?.timestamp = now
                devices[di].delta = tree.delta(for: devices[di], model: model)
                devices[di].pendingBoot = true
            }
        case .failure:
            stats.downloadsFailed += 1
            let code = scenario.firmware.faultCode
            recordDownloadFault(
                op,
                code: code.hasPrefix("cwmp.") ? code : "cwmp." + code,
                message: scenario.firmware.faultMessage,
                detail: .object([
                    ("faultCode", .string(code.hasPrefix("cwmp.") ? String(code.dropFirst(5)) : code)),
                    ("faultString", .string(scenario.firmware.faultMessage)),
                ]),
                now: now
            )
        case .timeout:
            return
        }
        // TransferComplete arrives in a session of its own (the CPE informs after the download / reboot).
        events.push(at: now, device: di, .sessionStart)
    }

    private mutating func downloadTimedOut(_ id: String, now: Int64) {
        guard let op = operations[id] else { return }
        removeOperation(id)
        stats.downloadsTimedOut += 1
        recordDownloadFault(op, code: "timeout", message: "Download timeout", detail: nil, now: now)
    }

    /// GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725: the fault goes on the original channel although the
    /// task document is gone.
    private mutating func recordDownloadFault(
        _ op: OperationRecord,
        code: String,
        message: String,
        detail: JSONValue?,
        now: Int64
    ) {
        stats.faultsRecorded += 1
        let expiry: Int64? =
            if op.channel.hasPrefix("task_") { tasks[String(op.channel.dropFirst(5))]?.expiry } else { nil }
        putFault(
            FaultRecord(
                device: op.device,
                channel: op.channel,
                seq: takeSeq(),
                timestamp: now,
                code: code,
                message: message,
                detail: detail,
                retries: op.retries,
                expiry: expiry,
                provisions: op.provisions,
                ruleKey: op.ruleKey
            )
        )
    }

    mutating func removeOperation(_ id: String) {
        guard let op = operations.removeValue(forKey: id) else { return }
        operationsByDevice[op.device]?.remove(id)
        if operationsByDevice[op.device]?.isEmpty == true { operationsByDevice[op.device] = nil }
    }

    private static func stem(_ fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return fileName }
        return String(fileName[..<dot])
    }

    // MARK: Stand-in controls

    /// `POST /_standin/devices/<id>/inform`: the CPE informs now; the waiter sees the session end.
    mutating func informNow(_ deviceID: String, now: Int64) -> (SessionWaiter, Int)? {
        guard let di = deviceIndex[deviceID] else { return nil }
        let waiter = SessionWaiter()
        addWaiter(waiter, device: di)
        events.push(at: now, device: di, .sessionStart)
        return (waiter, di)
    }

    /// `POST /_standin/devices/<id>/online?value=…`.
    mutating func setOnline(_ deviceID: String, _ online: Bool) -> Bool {
        guard let di = deviceIndex[deviceID] else { return false }
        devices[di].online = online
        return true
    }
}
