import FerruleJSON
import NIOCore
import NIOHTTP1

/// GenieACS 1.2.16's NBI routes, tried in `lib/nbi.ts` order (GenieACS 1.2.16 lib/nbi.ts:78-701): presets, objects,
/// provisions, virtual_parameters, device tags, faults, device tasks, tasks, files, ping, delete-device, collection
/// query. The stand-in's own `/_standin/` controls come first; they are not part of GenieACS.
struct NBIRouter: Sendable {
    let engine: Engine
    let scenario: Scenario
    let checker: ScriptSyntaxChecker

    func route(_ r: Request) async -> Reply {
        if !r.path.hasPrefix("/_standin/") {
            let key = Stats.callKey(method: r.method.rawValue, path: r.path)
            engine.withState { $0.stats.calls[key, default: 0] += 1 }
        }
        do {
            return try await dispatch(r)
        } catch {
            if error.notReproduced { return .text(501, "Not Implemented", error.message) }
            engine.withState { $0.stats.crashes[error.message, default: 0] += 1 }
            // GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83: the worker crashes; the client sees a
            // closed connection and no status.
            if scenario.dropConnectionOnCrash { return .drop }
            return .text(500, "Worker crashed", "Error: \(error.message)")
        }
    }

    /// `decodeURIComponent` after the route matched (GenieACS 1.2.16 lib/nbi.ts:18-31, 79); a malformed escape throws
    /// `URIError`.
    private func decode(_ segment: String) throws(WorkerCrash) -> String {
        guard let s = Request.decodeURIComponent(segment) else { throw WorkerCrash("URIError: URI malformed") }
        return s
    }

    private func dispatch(_ r: Request) async throws(WorkerCrash) -> Reply {
        let path = r.path
        if path.hasPrefix("/_standin/") { return try await StandInControls(engine: engine).route(r) }
        if let name = RouteMatcher.one(path, "/presets/", RouteMatcher.isID) {
            return try await storeJSON(r, collection: "presets", id: try decode(name))
        }
        if let name = RouteMatcher.one(path, "/objects/", RouteMatcher.isID) {
            return try await storeJSON(r, collection: "objects", id: try decode(name))
        }
        if let name = RouteMatcher.one(path, "/provisions/", RouteMatcher.isID) {
            return try await storeScript(r, collection: "provisions", id: try decode(name))
        }
        if let name = RouteMatcher.one(path, "/virtual_parameters/", RouteMatcher.isID) {
            return try await storeScript(r, collection: "virtualParameters", id: try decode(name))
        }
        if let (device, tag) = RouteMatcher.two(path, "/devices/", "/tags/", RouteMatcher.isID, RouteMatcher.isID) {
            return try tags(r, device: try decode(device), tag: try decode(tag))
        }
        if let id = RouteMatcher.one(path, "/faults/", RouteMatcher.isFaultID) {
            guard r.method == .DELETE else { return .methodNotAllowed("DELETE") }
            let faultID = try decode(id)
            // lib/nbi.ts:238-257: 200 also when absent; 503 while the device is in a session.
            switch try engine.withState({ (s: inout StandInState) throws(WorkerCrash) in try s.deleteFault(faultID) }) {
            case .inSession: return .text(503, "Device is in session", "Device is in session")
            case .done: return .text(200)
            }
        }
        if let device = RouteMatcher.deviceTasks(path) {
            guard r.method == .POST else { return .methodNotAllowed("POST") }
            return try await postTask(r, device: try decode(device))
        }
        if let (id, action) = RouteMatcher.task(path) {
            return try task(r, id: try decode(id), action: action)
        }
        if let name = RouteMatcher.one(path, "/files/", RouteMatcher.isFileName) {
            return try file(r, name: try decode(name))
        }
        if let host = RouteMatcher.one(path, "/ping/", RouteMatcher.isPingHost) {
            // lib/nbi.ts:542-564: no method check, every method pings.
            return Ping.reply(for: try decode(host))
        }
        if let device = RouteMatcher.one(path, "/devices/", RouteMatcher.isID) {
            // GenieACS 1.2.16 lib/nbi.ts:101-104, 602-606: no single-resource GET; only DELETE is routed here.
            guard r.method == .DELETE else { return .methodNotAllowed("DELETE") }
            let id = try decode(device)
            switch engine.withState({ $0.deleteDevice(id) }) {
            case .inSession: return .text(503, "Device is in session", "Device is in session")
            case .done: return .text(200)
            }
        }
        if let name = RouteMatcher.one(path, "/", RouteMatcher.isCollection) {
            return try CollectionQueryHandler(engine: engine).reply(r, collection: name)
        }
        return .notFound
    }

    /// `PUT`/`DELETE /presets/<name>` and `/objects/<name>`: stored as-is with `_id` from the URL, no semantic
    /// validation (GenieACS 1.2.16 lib/nbi.ts:78-104; lib/nbi.ts:78-95).
    private func storeJSON(_ r: Request, collection: String, id: String) async throws(WorkerCrash) -> Reply {
        try await putOrDelete(r, collection: collection, id: id) { () throws(WorkerCrash) -> Reply in
            let doc: JSONValue
            switch Self.parseJSON(r.bodyBytes) {
            case .failure(let message): return .text(400, nil, message)
            case .success(let v): doc = v
            }
            guard case .object(let members) = doc else {
                // `preset._id = name` on a primitive throws in strict mode.
                throw WorkerCrash("TypeError: Cannot create property '_id' on \(doc.compactText)")
            }
            // MongoDB stores `_id` first.
            let stored = JSONValue.object([("_id", .string(id))] + members.filter { $0.0 != "_id" })
            engine.withState { $0.documents[collection]?.replace(id, with: stored) }
            return .text(200)
        }
    }

    /// `PUT`/`DELETE /provisions/<name>` and `/virtual_parameters/<name>`: syntax-checked (GenieACS 1.2.16
    /// lib/nbi.ts:142-148), stored as `{_id, script}` (GenieACS 1.2.16 lib/nbi.ts:165-187).
    private func storeScript(_ r: Request, collection: String, id: String) async throws(WorkerCrash) -> Reply {
        try await putOrDelete(r, collection: collection, id: id) { () async throws(WorkerCrash) -> Reply in
            let script = String(decoding: r.bodyBytes, as: UTF8.self)
            if let error = await checker.check(script) { return .text(400, nil, error) }
            engine.withState {
                $0.documents[collection]?.replace(
                    id,
                    with: .object([("_id", .string(id)), ("script", .string(script))])
                )
            }
            return .text(200)
        }
    }

    /// A named document's routes: `PUT` runs `put`, `DELETE` removes the document (200 whether or not it existed),
    /// any other method is refused.
    private func putOrDelete(
        _ r: Request,
        collection: String,
        id: String,
        put: () async throws(WorkerCrash) -> Reply
    ) async throws(WorkerCrash) -> Reply {
        switch r.method {
        case .PUT:
            return try await put()
        case .DELETE:
            engine.withState { _ = $0.documents[collection]?.remove(id) }
            return .text(200)
        default:
            return .methodNotAllowed("PUT, DELETE")
        }
    }

    /// `POST`/`DELETE /devices/<id>/tags/<tag>` (GenieACS 1.2.16 lib/nbi.ts:202-237).
    private func tags(_ r: Request, device: String, tag: String) throws(WorkerCrash) -> Reply {
        guard r.method == .POST || r.method == .DELETE else { return .methodNotAllowed("POST, DELETE") }
        let present = r.method == .POST
        let found = engine.withState { $0.setTag(tag, on: device, present: present) }
        return found ? .text(200) : .text(404, nil, "No such device")
    }

    /// `POST /devices/<id>/tasks[?connection_request][&timeout=ms]` — the table of GenieACS 1.2.16 lib/nbi.ts:258-420.
    private func postTask(_ r: Request, device: String) async throws(WorkerCrash) -> Reply {
        let wantsCR = r.query["connection_request"] != nil
        let now = engine.now()
        guard r.body.readableBytes > 0 else {
            guard wantsCR else { return .text(400) }
            // GenieACS 1.2.16 lib/nbi.ts:382, 410-412; lib/connection-request.ts:99-169: connection request only: 200
            // when accepted (no wait for a session), 504 with the CR error.
            switch engine.withState({ $0.connectionRequest(deviceID: device, now: now) }) {
            case .noSuchDevice: return .text(404, nil, "No such device")
            case .accepted: return .text(200)
            case .failed(let reason): return .text(504, reason, reason)
            }
        }
        let body: JSONValue
        switch Self.parseJSON(r.bodyBytes) {
        case .failure(let message): return .text(400, nil, message)
        case .success(let v): body = v
        }
        // lib/nbi.ts:266-275: `task.device = deviceId` runs inside the JSON try; the bundle is strict (tsconfig
        // alwaysStrict), so on a primitive or null it throws a TypeError, answered as 400.
        if let message = Self.deviceAssignmentError(body) { return .text(400, nil, message) }
        let givenTimeout = r.query["timeout"].flatMap { ProvisionRun.parseInt($0) }.map(Int.init)
        let timeout = givenTimeout ?? scenario.deviceOnlineThresholdMs
        // In memory no time passes inside a call: with an explicit `timeout`, a session that would start within it
        // and end within 120 s (GenieACS 1.2.16 lib/nbi.ts:382-398; lib/api-functions.ts:219-250) runs inside it.
        // Without one the call answers at once, as before, and the session comes when the caller's clock moves.
        let sessionInCall =
            engine.isClockDriven && wantsCR && givenTimeout != nil
            && timeout >= max(1, scenario.latencies.crToSessionMs) && scenario.latencies.sessionDurationMs <= 120_000
        let outcome = try engine.withState { (s: inout StandInState) throws(WorkerCrash) in
            try s.postTask(
                deviceID: device,
                body: body,
                connectionRequest: wantsCR,
                sessionInCall: sessionInCall,
                now: now
            )
        }
        switch outcome {
        case .noSuchDevice: return .text(404, nil, "No such device")
        case .queued(let task): return .json(202, nil, task.compactText)
        case .deviceInSession(let task): return .json(202, "Task queued but not processed", task.compactText)
        case .connectionRequestFailed(let task, let reason): return .json(202, reason, task.compactText)
        case .ran(let task, let faulted):
            return faulted ? .json(202, "Task faulted", task.compactText) : .json(200, nil, task.compactText)
        case .waiting(let task, let waiter, let di, let faultID):
            if engine.isClockDriven {
                // No real time passes in memory: the session starts once the caller's clock moves on, after this
                // answer — the `timeout` elapsed first (GenieACS 1.2.16 lib/nbi.ts:258-420).
                engine.withState { $0.removeWaiter(waiter, device: di) }
                return .json(202, "Task queued but not processed", task.compactText)
            }
            // GenieACS 1.2.16 lib/nbi.ts:311-405: wait ≤ `timeout` ms for the session to start, then ≤ 120 s for it to
            // end. One sleeper for both deadlines, cancelled when the session's end answers first.
            let deadlines = Task {
                try? await Task.sleep(for: .milliseconds(max(0, timeout)))
                waiter.startDeadlinePassed()
                guard !waiter.isDone else { return }
                try? await Task.sleep(for: .milliseconds(120_000))
                waiter.endDeadlinePassed()
            }
            let result = await waiter.wait()
            deadlines.cancel()
            let faulted = engine.withState { s in
                s.removeWaiter(waiter, device: di)
                return faultID.map { s.faults[$0] != nil } ?? false
            }
            switch result {
            case .notStarted, .notEnded: return .json(202, "Task queued but not processed", task.compactText)
            case .ended:
                return faulted ? .json(202, "Task faulted", task.compactText) : .json(200, nil, task.compactText)
            }
        }
    }

    /// `DELETE /tasks/<id>`, `POST /tasks/<id>/retry` (lib/nbi.ts:421-492); an id that is no ObjectId crashes the
    /// worker.
    private func task(_ r: Request, id: String, action: String) throws(WorkerCrash) -> Reply {
        switch action {
        case "", "/":
            // lib/nbi.ts:458: the Allow header really is `PUT DELETE` (no comma, and PUT is not routed).
            guard r.method == .DELETE else { return .methodNotAllowed("PUT DELETE") }
            switch try engine.withState({ (s: inout StandInState) throws(WorkerCrash) in try s.deleteTask(id) }) {
            case .inSession: return .text(503, "Device is in session", "Device is in session")
            case .done(false): return .text(404, nil, "Task not found")
            case .done(true): return .text(200)
            }
        case "/retry":
            guard r.method == .POST else { return .methodNotAllowed("POST") }
            switch try engine.withState({ (s: inout StandInState) throws(WorkerCrash) in try s.retryTask(id) }) {
            case .inSession: return .text(503, "Device is in session", "Device is in session")
            case .done: return .text(200)
            }
        default:
            // lib/nbi.ts:489-491: an unknown action is 404 with an empty body.
            return .text(404)
        }
    }

    /// `PUT`/`DELETE /files/<name>` (GenieACS 1.2.16 lib/nbi.ts:493-541): 201 on upload (the code, not the
    /// documentation's 200).
    private func file(_ r: Request, name: String) throws(WorkerCrash) -> Reply {
        switch r.method {
        case .PUT:
            // lib/nbi.ts:496-501: all four keys; a missing header is `undefined`, which bson 4.7.2 stores as null
            // (src/parser/serializer.ts:899, the driver's `ignoreUndefined` is false).
            let metadata: [(String, String?)] = ["fileType", "oui", "productClass", "version"].map {
                ($0, r.headers.first(name: $0))
            }
            let length = r.body.readableBytes
            engine.withState { $0.putFile(name: name, length: length, metadata: metadata, now: engine.now()) }
            return .text(201)
        case .DELETE:
            let existed = engine.withState { $0.documents["files"]?.remove(name) ?? false }
            // lib/nbi.ts:526-535: the driver's error for a missing file is `File not found for id <name>`
            // (mongodb 4.17.2 src/gridfs/index.ts:153-157), which fails the `FileNotFound` prefix check, so the
            // error is rethrown and the worker crashes: the 404 branch is unreachable.
            guard existed else { throw WorkerCrash("MongoRuntimeError: File not found for id \(name)") }
            return .text(200)
        default:
            return .methodNotAllowed("PUT, DELETE")
        }
    }

    /// V8's TypeError for `body.device = …` in strict mode, or nil for objects and arrays.
    static func deviceAssignmentError(_ body: JSONValue) -> String? {
        switch body {
        case .object, .array: nil
        case .null: "TypeError: Cannot set properties of null (setting 'device')"
        case .string(let s): "TypeError: Cannot create property 'device' on string '\(s)'"
        case .number, .bool:
            "TypeError: Cannot create property 'device' on \(body == .bool(true) || body == .bool(false) ? "boolean" : "number") '\(JSText.string(body))'"
        }
    }

    enum ParsedJSON {
        case success(JSONValue)
        case failure(String)
    }

    /// `JSON.parse`; a failure is the 400 body `SyntaxError: …` (GenieACS 1.2.16 lib/nbi.ts:266-274).
    static func parseJSON(_ bytes: [UInt8]) -> ParsedJSON {
        do {
            return .success(try JSONValue.parse(bytes))
        } catch {
            let what =
                bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
                ? "Unexpected end of JSON input"
                : "\(error.message) (line \(error.line), column \(error.column))"
            return .failure("SyntaxError: " + what)
        }
    }
}
