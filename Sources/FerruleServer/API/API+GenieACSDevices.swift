import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS

/// `/genieacs/health` and `/genieacs/devices…`: the tenant's GenieACS NBI through ``GenieACS/GenieACSNBI``.
extension APIHandler {
    /// The fields the device list and statistics read, so GenieACS sends no whole trees.
    static let summaryProjection = [
        "_id", "_deviceId", "_lastInform", "_registered", "_lastBoot", "Device.DeviceInfo",
        "InternetGatewayDevice.DeviceInfo", "Device.ManagementServer.ConnectionRequestURL",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
    ]

    func genieacsHealth(_ input: Operations.GenieacsHealth.Input) async throws -> Operations.GenieacsHealth.Output {
        await handle(.cpeRead, "GenieACS health", Operations.GenieacsHealth.Output.default) { caller in
            let acs = try caller.acs()
            let health: Components.Schemas.GenieACSHealthResponse
            do {
                let admin = try caller.administration()
                let devices = try await admin.count(.devices, query: nil)
                let faults = try await admin.count(.faults, query: nil)
                health = .init(
                    healthy: true,
                    message: "GenieACS is operational",
                    deviceCount: devices,
                    faultCount: faults
                )
            } catch let failure as APIFailure where failure.status == 501 {
                _ = try await acs.query(.devices, CollectionQuery(projection: ["_id"], limit: 1))
                health = .init(healthy: true, message: "GenieACS is operational")
            } catch {
                // In the API's words (the tenant's NBI, what came back), never the URL or the
                // address called: they may carry credentials or internal host names.
                health = .init(
                    healthy: false,
                    message: APIFailure.upstream(error, action: "Health check failed").detail
                )
            }
            return .ok(.init(body: .json(health)))
        }
    }

    func genieacsListDevices(
        _ input: Operations.GenieacsListDevices.Input
    ) async throws -> Operations.GenieacsListDevices.Output {
        await handle(.cpeRead, "List devices", Operations.GenieacsListDevices.Output.default) { caller in
            let (skip, limit) = try Self.page(skip: input.query.skip, limit: input.query.limit, maximum: 1000)
            let acs = try caller.acs()
            let page = try await acs.query(
                .devices,
                CollectionQuery(projection: Self.summaryProjection, sort: [("_id", 1)], skip: skip, limit: limit)
            )
            var total = page.total
            if total == nil, let admin = try? caller.administration() {
                total = try await admin.count(.devices, query: nil)
            }
            let devices = page.items.compactMap(DeviceDocument.init).map(DeviceSummary.info)
            return .ok(
                .init(
                    body: .json(
                        .init(devices: devices, total: total ?? skip + devices.count, skip: skip, limit: limit)
                    )
                )
            )
        }
    }

    /// The fields the statistics read of each device: identity and the two `DeviceInfo` names.
    static let statsProjection = [
        "_id", "_deviceId", "_lastInform", "Device.DeviceInfo.Manufacturer", "Device.DeviceInfo.ModelName",
        "InternetGatewayDevice.DeviceInfo.Manufacturer", "InternetGatewayDevice.DeviceInfo.ModelName",
    ]

    /// The most distinct manufacturers, and models, the statistics list; the characters of a name kept.
    static let statsDistinctLimit = 1_000
    static let statsNameLimit = 256

    /// Bounded whatever the fleet: the totals are two NBI counts (`HEAD /devices/?query=…`, the
    /// `total` header: GenieACS 1.2.16 lib/nbi.ts:616-682), online being an Inform within 5 min
    /// (`{"_lastInform": {"$gt": <date>}}`, which lib/query.ts:19-36 also reads as a date); the
    /// manufacturer and model counts read at most ``FerruleAPI/Options/deviceStatsScanLimit``
    /// devices (the first by `_id`, pages of up to 1,000, seven fields each) and list at most
    /// ``statsDistinctLimit`` names each. A GenieACS reached without counts (501) has its
    /// totals from the devices read.
    func genieacsDeviceStats(
        _ input: Operations.GenieacsDeviceStats.Input
    ) async throws -> Operations.GenieacsDeviceStats.Output {
        await handle(.cpeRead, "Device statistics", Operations.GenieacsDeviceStats.Output.default) { caller in
            let acs = try caller.acs()
            let now = options.clock.now()
            var counted: (total: Int, online: Int)?
            do {
                let admin = try caller.administration()
                let total = try await admin.count(.devices, query: nil)
                let online = try await admin.count(.devices, query: DeviceSummary.onlineQuery(now: now))
                counted = (total, min(online, total))
            } catch let failure as APIFailure where failure.status == 501 {
                counted = nil
            }
            let limit = max(1, options.deviceStatsScanLimit)
            var scanned = 0
            var scannedOnline = 0
            var manufacturers: [String: Int] = [:]
            var models: [String: Int] = [:]
            func count(_ name: String?, in names: inout [String: Int]) {
                guard let name else { return }
                let key = String(name.prefix(Self.statsNameLimit))
                if names[key] != nil || names.count < Self.statsDistinctLimit { names[key, default: 0] += 1 }
            }
            pages: for try await page in acs.all(.devices, projection: Self.statsProjection, pageSize: min(1000, limit))
            {
                for document in page.compactMap(DeviceDocument.init) {
                    guard scanned < limit else { break pages }
                    scanned += 1
                    if DeviceSummary.isOnline(document, now: now) { scannedOnline += 1 }
                    count(
                        DeviceSummary.identity(document, "_Manufacturer")
                            ?? DeviceSummary.deviceInfo(document, "Manufacturer"),
                        in: &manufacturers
                    )
                    count(
                        DeviceSummary.deviceInfo(document, "ModelName")
                            ?? DeviceSummary.identity(document, "_ProductClass"),
                        in: &models
                    )
                }
                if scanned >= limit { break }
            }
            let total = counted?.total ?? scanned
            let online = counted?.online ?? scannedOnline
            return .ok(
                .init(
                    body: .json(
                        .init(
                            totalDevices: total,
                            onlineDevices: online,
                            offlineDevices: total - online,
                            manufacturers: .init(additionalProperties: manufacturers),
                            models: .init(additionalProperties: models)
                        )
                    )
                )
            )
        }
    }

    func genieacsGetDevice(_ input: Operations.GenieacsGetDevice.Input) async throws
        -> Operations.GenieacsGetDevice.Output
    {
        let id = input.path.deviceId
        return await handle(.cpeRead, "Get device", Operations.GenieacsGetDevice.Output.default) { caller in
            let document = try await Self.requireDevice(id, acs: try caller.acs())
            let parameters = DeviceSummary.parameters(document.json)
            return .ok(
                .init(
                    body: .json(
                        .init(
                            deviceId: id,
                            deviceInfo: .init(
                                additionalProperties: JSONBridge.object(DeviceSummary.infoObject(document))
                            ),
                            parameters: .init(additionalProperties: JSONBridge.object(.object(parameters))),
                            tags: document.tags
                        )
                    )
                )
            )
        }
    }

    func genieacsDeleteDevice(
        _ input: Operations.GenieacsDeleteDevice.Input
    ) async throws -> Operations.GenieacsDeleteDevice.Output {
        let id = input.path.deviceId
        return await handle(.cpeWrite, "Delete device", Operations.GenieacsDeleteDevice.Output.default) { caller in
            let admin = try caller.administration()
            // GenieACS answers 200 for a device it does not have (lib/nbi.ts:605-612): look first.
            _ = try await Self.requireDevice(id, acs: try caller.acs(), projection: ["_id"])
            try await admin.deleteDevice(id)
            return .noContent(.init())
        }
    }

    func genieacsDeviceStatus(
        _ input: Operations.GenieacsDeviceStatus.Input
    ) async throws -> Operations.GenieacsDeviceStatus.Output {
        let id = input.path.deviceId
        return await handle(.cpeRead, "Device status", Operations.GenieacsDeviceStatus.Output.default) { caller in
            let document = try await Self.requireDevice(id, acs: try caller.acs(), projection: Self.summaryProjection)
            let uptime = DeviceSummary.deviceInfo(document, "UpTime").flatMap { Int($0) }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            deviceId: id,
                            online: DeviceSummary.isOnline(document, now: options.clock.now()),
                            lastInform: DeviceSummary.time(document, "_lastInform"),
                            lastBoot: DeviceSummary.time(document, "_lastBoot"),
                            uptime: uptime
                        )
                    )
                )
            )
        }
    }

    /// The device document, or 404 `Device <id> not found`.
    static func requireDevice(
        _ id: String,
        acs: any GenieACSNBI,
        projection: [String] = []
    ) async throws -> DeviceDocument {
        guard let json = try await acs.device(id, projection: projection), let document = DeviceDocument(json) else {
            throw APIFailure.notFound("Device \(DisplayText.value(id)) not found")
        }
        return document
    }

    /// The largest `skip` a page query takes (openapi/ferrule.yaml says the same): beyond any fleet,
    /// and small enough that `skip + limit` cannot overflow.
    static let maximumSkip = 10_000_000

    /// `skip` (0…``maximumSkip``, default 0) and `limit` (1…maximum, default 100), or 422.
    static func page(skip: Int?, limit: Int?, maximum: Int) throws -> (Int, Int) {
        let skip = skip ?? 0
        let limit = limit ?? 100
        guard (0...maximumSkip).contains(skip) else {
            throw APIFailure.invalid(
                "Request validation failed: query.skip must be 0–\(maximumSkip) (got \(skip))"
            )
        }
        guard (1...maximum).contains(limit) else {
            throw APIFailure.invalid("Request validation failed: query.limit must be 1–\(maximum) (got \(limit))")
        }
        return (skip, limit)
    }
}
