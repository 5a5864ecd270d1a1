import FerruleJSON
import FerruleServer
import Testing

/// The document is the contract: every DotMac route is in it, under the paths DotMac uses.
@Suite("API document")
struct APIDocumentTests {
    /// DotMac's 53 routes (its `voltha/router.py` and `genieacs/router.py`), relative to the prefix.
    static let seedRoutes: [String] = [
        "get /voltha/health", "get /voltha/devices", "get /voltha/devices/{device_id}", "post /voltha/devices/enable",
        "post /voltha/devices/disable", "post /voltha/devices/reboot", "delete /voltha/devices/{device_id}",
        "get /voltha/logical-devices", "get /voltha/logical-devices/{device_id}", "get /voltha/statistics",
        "get /voltha/adapters", "get /voltha/device-types", "get /voltha/discover-onus", "post /voltha/provision-onu",
        "get /voltha/alarms", "get /voltha/events", "post /voltha/alarms/{alarm_id}/acknowledge",
        "post /voltha/alarms/{alarm_id}/clear",
        "get /genieacs/health", "get /genieacs/devices", "get /genieacs/devices/{device_id}",
        "delete /genieacs/devices/{device_id}", "get /genieacs/devices/{device_id}/status",
        "get /genieacs/devices/stats/summary", "post /genieacs/tasks/refresh", "post /genieacs/tasks/set-parameters",
        "post /genieacs/tasks/get-parameters", "post /genieacs/tasks/reboot", "post /genieacs/tasks/factory-reset",
        "post /genieacs/tasks/download-firmware", "post /genieacs/tasks/configure-cpe", "get /genieacs/presets",
        "get /genieacs/presets/{preset_id}", "post /genieacs/presets", "patch /genieacs/presets/{preset_id}",
        "delete /genieacs/presets/{preset_id}", "get /genieacs/provisions", "get /genieacs/provisions/{provision_id}",
        "get /genieacs/files", "get /genieacs/files/{file_id}", "delete /genieacs/files/{file_id}",
        "get /genieacs/faults", "delete /genieacs/faults/{fault_id}", "post /genieacs/firmware-upgrades/schedule",
        "get /genieacs/firmware-upgrades/schedules", "get /genieacs/firmware-upgrades/schedules/{schedule_id}",
        "delete /genieacs/firmware-upgrades/schedules/{schedule_id}",
        "post /genieacs/firmware-upgrades/schedules/{schedule_id}/execute", "post /genieacs/mass-config",
        "get /genieacs/mass-config/jobs", "get /genieacs/mass-config/jobs/{job_id}",
        "delete /genieacs/mass-config/jobs/{job_id}", "post /genieacs/mass-config/jobs/{job_id}/execute",
    ]

    @Test("every one of DotMac's 53 routes is in the document, under both prefixes")
    func seedRoutesPresent() throws {
        #expect(Self.seedRoutes.count == 53)
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        var routes = Set<String>()
        for (path, item) in document["paths"]?.objectMembers ?? [] {
            for (method, _) in item.objectMembers ?? [] where method != "parameters" {
                routes.insert("\(method) \(path)")
            }
        }
        #expect(Set(Self.seedRoutes).subtracting(routes).isEmpty)
        let servers = (document["servers"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue }
        #expect(servers == ["/api/v1", "/api/isp/v1"])
    }

    @Test("every error response in the document is the envelope with a required string detail")
    func errorEnvelope() throws {
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        let envelope = document["components"]?["schemas"]?["ErrorResponse"]
        #expect(envelope?["properties"]?["detail"]?["type"]?.stringValue == "string")
        #expect(envelope?["required"]?.arrayValue?.contains(.string("detail")) == true)
    }
}
