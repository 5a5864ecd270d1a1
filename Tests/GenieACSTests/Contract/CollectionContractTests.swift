import CurlHTTP
import FerruleArtifacts
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// The NBI contract: collections, configuration artifacts and files (GenieACS 1.2.16 lib/nbi.ts:72-702;
/// lib/nbi.ts:78-95; lib/cwmp/local-cache.ts:65-183; lib/query.ts:19-127).
@Suite("NBI contract: collections, presets, provisions, files")
struct CollectionContractTests {
    @Test(
        "a real GenieACS is checked when GENIEACS_URL is set",
        .enabled(
            if: ContractTarget.realURL != nil,
            "GENIEACS_URL is not set: the NBI contract ran against the stand-in only"
        )
    )
    func realTarget() async throws {
        try await ContractTarget.with(.real) { target in
            let version = try await target.acs.version()
            #expect(version != nil)
        }
    }

    @Test("every response names the GenieACS version (lib/nbi.ts:51)", arguments: ContractTarget.realToo)
    func version(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let version = try #require(try await target.acs.version())
            #expect(version.hasPrefix("1.2."))
        }
    }

    @Test(
        "presets are stored as sent, without validation, and read back through the collection (lib/nbi.ts:78-95)",
        arguments: ContractTarget.realToo
    )
    func presets(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let name = ContractTarget.scratchName("preset")
            let document = try JSONValue.parse(
                #"{"weight":3,"channel":"c","events":{"2 PERIODIC":true},"precondition":"Tags.x IS NOT NULL","configurations":[{"type":"provision","name":"p","args":["a",1]}],"ferrule":{"hash":"sha256:0","rule":"r","source":"s","version":1}}"#
            )
            try await target.acs.putPreset(name, document)
            let stored = try #require(try await target.acs.presets().first { $0["_id"]?.stringValue == name })
            #expect(stored.removing("_id").sortedCompactText == document.sortedCompactText)
            #expect(OwnershipMarker.preset(stored)?.rule == "r")
            try await target.acs.deletePreset(name)
            #expect(try await target.acs.presets().allSatisfy { $0["_id"]?.stringValue != name })
            try await target.acs.deletePreset(name)  // 200 also when absent
        }
    }

    @Test("the stand-in stores a preset the loader would choke on, as GenieACS does")
    func unvalidatedPreset() async throws {
        try await ContractTarget.with { target in
            try await target.acs.putPreset("broken", try JSONValue.parse(#"{"weight":0}"#))
            #expect(try await target.acs.presets().contains { $0["_id"]?.stringValue == "broken" })
            #expect(!PresetCheck.problems(try JSONValue.parse(#"{"weight":0}"#)).isEmpty)
        }
    }

    @Test(
        "provisions and virtual parameters: stored, listed, deleted; a syntax error is 400 SyntaxError",
        arguments: ContractTarget.realToo
    )
    func scripts(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let name = ContractTarget.scratchName("script")
            try await target.acs.putProvision(name, script: "declare(\"Device.X\", {value: 1});\n")
            #expect(try await target.acs.provisions().contains { $0.name == name && $0.script.contains("Device.X") })
            try await target.acs.putVirtualParameter(
                name,
                script: "return {writable: false, value: [1, \"xsd:int\"]};\n"
            )
            #expect(try await target.acs.virtualParameters().contains { $0.name == name })
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/node") || target.kind == .real {
                do {
                    try await target.acs.putProvision(name + "-bad", script: "declare(\"A\", {value: 1};\n")
                    Issue.record("a script with a syntax error was accepted")
                } catch let error as GenieACSError {
                    #expect(error.status == 400)
                    #expect(error.body.hasPrefix("SyntaxError"))
                }
            }
            try await target.acs.deleteProvision(name)
            try await target.acs.deleteVirtualParameter(name)
            #expect(try await target.acs.provisions().allSatisfy { $0.name != name })
        }
    }

    @Test("collection queries: total header, projection, sort, skip, limit and HEAD counts (lib/nbi.ts:654-689)")
    func queries() async throws {
        try await ContractTarget.with { target in
            let all = try await target.acs.query(
                .devices,
                CollectionQuery(projection: ["_id"], sort: [("_id", -1)], skip: 2, limit: 3)
            )
            #expect(all.total == 12)
            #expect(all.items.count == 3)
            let ids = all.items.compactMap { $0["_id"]?.stringValue }
            #expect(ids == ids.sorted(by: >))
            #expect(all.items.allSatisfy { $0.objectMembers?.map(\.0) == ["_id"] })
            #expect(try await target.acs.count(.devices) == 12)
            #expect(try await target.acs.count(.devices, query: .object([("_id", .string(ids[0]))])) == 1)
        }
    }

    @Test("paging by _id ranges yields every device exactly once")
    func paging() async throws {
        try await ContractTarget.with(.standIn, { $0.devices = 50 }) { target in
            var seen: [String] = []
            var pages = 0
            for try await page in target.acs.all(.devices, projection: ["_id"], pageSize: 7) {
                seen += page.compactMap { $0["_id"]?.stringValue }
                pages += 1
            }
            #expect(seen.count == 50)
            #expect(Set(seen).count == 50)
            #expect(seen == seen.sorted())
            #expect(pages == 8)
        }
    }

    @Test("device queries match parameter values through the ._value expansion and tags (lib/query.ts:86-99)")
    func deviceQueries() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let document = try #require(try await target.acs.device(device))
            let path = ["Device.DeviceInfo.SoftwareVersion", "InternetGatewayDevice.DeviceInfo.SoftwareVersion"].first {
                document.path($0)?["_value"] != nil
            }
            let softwareVersionPath = try #require(path)
            let version = try #require(document.path(softwareVersionPath)?["_value"]?.stringValue)
            let matching = try await target.acs.count(
                .devices,
                query: .object([(softwareVersionPath, .string(version))])
            )
            #expect(matching >= 1)
            try await target.acs.addTag("contract", to: device)
            let tagged = try await target.acs.query(
                .devices,
                CollectionQuery(query: .object([("_tags", .string("contract"))]), projection: ["_id"])
            )
            #expect(tagged.items.compactMap { $0["_id"]?.stringValue } == [device])
            try await target.acs.removeTag("contract", from: device)
            #expect(try await target.acs.count(.devices, query: .object([("_tags", .string("contract"))])) == 0)
        }
    }

    @Test("ids holding %XX escapes travel encoded twice: tags reach the right device (lib/nbi.ts:18-31)")
    func doubleEncoding() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device(3)
            #expect(device.contains("%2D"))  // serial "FRL-000003"
            try await target.acs.addTag("double", to: device)
            let document = try #require(try await target.acs.device(device, projection: ["_tags"]))
            #expect(document["_tags"]?.arrayValue?.contains(.string("double")) == true)
        }
    }

    @Test("tags on an unknown device are 404 No such device", arguments: ContractTarget.realToo)
    func unknownDeviceTag(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            do {
                try await target.acs.addTag("x", to: "NO-SUCH-DEVICE-\(UUID().uuidString.prefix(6))")
                Issue.record("tagging an unknown device succeeded")
            } catch let error as GenieACSError {
                #expect(error.isNotFound)
                #expect(error.description.contains("/tags/x"))
            }
        }
    }

    @Test(
        "there is no single-resource GET (405) and unknown collections are 404 (lib/nbi.ts:608-613, 698-701)",
        arguments: ContractTarget.realToo
    )
    func routes(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            #expect(try await target.raw("GET", "/presets/x").status == 405)
            #expect(try await target.raw("GET", "/nosuchcollection/").status == 404)
            let notAllowed = try await target.raw("POST", "/presets/")
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET, HEAD")
        }
    }

    @Test(
        "files: upload answers 201 and keeps metadata; delete is 200, then 404",
        arguments: ContractTarget.realToo
    )
    func files(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let name = ContractTarget.scratchName("fw") + ".bin"
            try await target.acs.uploadFile(
                name,
                contents: Array(repeating: 0xA5, count: 4096),
                metadata: FileMetadata(oui: "00259E", productClass: "EG8145V5", version: "V5R021C00S230")
            )
            let stored = try #require(try await target.acs.files().first { $0.name == name })
            #expect(stored.length == 4096)
            #expect(stored.metadata == FileMetadata(oui: "00259E", productClass: "EG8145V5", version: "V5R021C00S230"))
            try await target.acs.deleteFile(name)
            do {
                try await target.acs.deleteFile(name)
                Issue.record("deleting a missing file succeeded")
            } catch let error as GenieACSError {
                #expect(error.isNotFound)
            }
        }
    }

    @Test("ping answers for a reachable host (lib/nbi.ts:542-564)")
    func ping() async throws {
        try await ContractTarget.with { target in
            let output = try await target.acs.ping("127.0.0.1")
            #expect(!output.isEmpty)
        }
    }

    @Test("an unreachable NBI is a transport error naming the URL; reads are retried, then give up")
    func unreachable() async throws {
        let http = try HTTPClient()
        defer { http.shutdown() }
        let acs = try NBIClient(baseURL: "http://127.0.0.1:1/", http: http, idempotentAttempts: 2)
        do {
            _ = try await acs.presets()
            Issue.record("reached port 1")
        } catch let error as GenieACSError {
            #expect(error.transportError?.kind == .connect)
            #expect(error.description.contains("http://127.0.0.1:1/presets/"))
        }
        #expect(throws: GenieACSError.self) { try NBIClient(baseURL: "genieacs:7557", http: http) }
    }
}

extension JSONValue {
    func path(_ dotted: String) -> JSONValue? {
        var node: JSONValue? = self
        for part in dotted.split(separator: ".") { node = node?[String(part)] }
        return node
    }
}
