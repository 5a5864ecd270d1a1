import FerruleJSON
import NIOHTTP1

/// The stand-in's own endpoints under `/_standin/` — **not part of GenieACS**:
///
/// - `GET /_standin/stats`: request, crash, task, session and download counters as JSON.
/// - `POST /_standin/devices/<id>/inform`: the CPE informs now; answers 200 when that session has ended.
/// - `POST /_standin/devices/<id>/online?value=true|false`: take a CPE on- or offline.
struct StandInControls {
    let engine: Engine

    func route(_ r: Request) async throws(WorkerCrash) -> Reply {
        if r.path == "/_standin/stats" {
            guard r.method == .GET else { return .methodNotAllowed("GET") }
            let text = engine.withState { $0.stats.json(collections: $0.collectionCounts).compactText }
            return .json(200, nil, text)
        }
        if let (raw, action) = RouteMatcher.two(r.path, "/_standin/devices/", "/", RouteMatcher.isID, RouteMatcher.isID)
        {
            guard r.method == .POST else { return .methodNotAllowed("POST") }
            guard let id = Request.decodeURIComponent(raw) else { return .text(400, nil, "bad device id") }
            switch action {
            case "inform":
                guard let (waiter, di) = engine.withState({ $0.informNow(id, now: engine.now()) }) else {
                    return .text(404, nil, "No such device")
                }
                let outcome = await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try? await Task.sleep(for: .seconds(130))
                        waiter.endDeadlinePassed()
                    }
                    let o = await waiter.wait()
                    group.cancelAll()
                    return o
                }
                engine.withState { $0.removeWaiter(waiter, device: di) }
                return outcome == .ended ? .text(200) : .text(504, "Session did not end")
            case "online":
                let value = r.query["value"].map { $0 == "true" || $0 == "1" } ?? true
                return engine.withState({ $0.setOnline(id, value) }) ? .text(200) : .text(404, nil, "No such device")
            default:
                return .notFound
            }
        }
        return .notFound
    }
}
