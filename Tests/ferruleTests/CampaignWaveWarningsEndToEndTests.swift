import FerruleTestSupport
import Foundation
import Testing

/// A canary wave that holds the whole fleet is created with a warning at the canary's size in the
/// file: through `ferrule campaign create` (standard error, exit 0) and `ferrule serve` (`warnings`).
@Suite("campaign create wave warnings (end to end)")
struct CampaignWaveWarningsEndToEndTests {
    static let rolloutLine = #"rollout: {waves: [{canary: 200}, "10%"]}"#

    /// A configuration campaign over every device; `rollout` is line 5.
    static func campaign(_ name: String, rollout: String = rolloutLine) -> String {
        """
        name: \(name)
        configuration:
          - set: {path: Device.ManagementServer.PeriodicInformInterval, value: "600"}
        devices: {all: true}
        \(rollout)

        """
    }

    /// The 1-based column of `text` in `line`.
    static func column(of text: String, in line: String = rolloutLine) throws -> Int {
        let range = try #require(line.range(of: text))
        return line.distance(from: line.startIndex, to: range.lowerBound) + 1
    }

    @Test("campaign create: a canary of 200 over 20 devices exits 0 with file:line:col warnings on stderr")
    func cli() async throws {
        let standIn = try await StandInProcess.start(devices: 20)
        defer { standIn.stop() }
        let directory = try Scratch.directory([
            "canary.yaml": Self.campaign("canary-all"),
            "sane.yaml": Self.campaign("sane", rollout: #"rollout: {waves: [{canary: 2}, "10%"]}"#),
        ])
        let state = try CampaignEndToEndTests.statePath()
        let file = directory + "/canary.yaml"
        let created = try await CampaignEndToEndTests.campaign(standIn, state, ["create", file])
        #expect(created.status == 0, "a warning, not a refusal: \(created.combined)")
        #expect(created.stdout.contains("20 device(s)"), "\(created.stdout)")
        let canary = "\(file):5:\(try Self.column(of: "200")): warning[canary-holds-every-target]: "
        #expect(
            created.stderr.contains(canary + "the canary wave (200 devices) holds all 20 target(s)"),
            "\(created.stderr)"
        )
        let empty = "\(file):5:\(try Self.column(of: "\"10%\"")): warning[empty-waves]: wave 2 of 2 gets no device"
        #expect(created.stderr.contains(empty), "\(created.stderr)")
        #expect(!created.stdout.contains("warning"), "warnings go to standard error")
        let id = try CampaignEndToEndTests.createdID(created)
        let cancel = try await CampaignEndToEndTests.campaign(standIn, state, ["cancel", id])
        #expect(cancel.status == 0, "\(cancel.combined)")

        let sane = try await CampaignEndToEndTests.campaign(standIn, state, ["create", directory + "/sane.yaml"])
        #expect(sane.status == 0, "\(sane.combined)")
        #expect(!sane.stderr.contains("warning"), "\(sane.stderr)")
    }

    @Test("POST /ferrule/campaigns: 201 with the warnings placed in the spec; an empty array when there are none")
    func rest() async throws {
        let standIn = try await StandInProcess.start(devices: 20)
        defer { standIn.stop() }
        let (server, token) = try await ServeEndToEndTests.serveWithToken(environment: ["FERRULE_ACS_URL": standIn.url])
        func create(_ spec: String) async throws -> (Int, [String: Any]) {
            let body = String(
                decoding: try JSONSerialization.data(withJSONObject: ["spec": spec, "file": "canary.yaml"]),
                as: UTF8.self
            )
            let response = try await server.request(
                "POST",
                "/api/v1/ferrule/campaigns",
                headers: ["X-API-Key": token, "Content-Type": "application/json"],
                body: body
            )
            let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            return (response.status, try #require(object, "\(response.status) \(response.body)"))
        }

        let (status, created) = try await create(Self.campaign("canary-all"))
        #expect(status == 201, "\(created)")
        let id = try #require(created["id"] as? String)
        #expect(created["status"] as? String == "created")
        let warnings = try #require(created["warnings"] as? [[String: Any]], "\(created)")
        #expect(warnings.map { $0["code"] as? String } == ["canary-holds-every-target", "empty-waves"], "\(warnings)")
        let canary = try #require(warnings.first)
        #expect(canary["severity"] as? String == "warning")
        #expect(canary["file"] as? String == "canary.yaml")
        #expect(canary["line"] as? Int == 5)
        #expect(canary["column"] as? Int == (try Self.column(of: "200")))
        #expect(
            (canary["text"] as? String)?.hasPrefix(
                "canary.yaml:5:\(try Self.column(of: "200")): warning[canary-holds-every-target]: "
            )
                == true,
            "\(canary)"
        )
        #expect((canary["message"] as? String)?.contains("holds all 20 target(s)") == true, "\(canary)")

        let cancel = try await server.request(
            "POST",
            "/api/v1/ferrule/campaigns/\(id)/cancel",
            headers: ["X-API-Key": token]
        )
        #expect(cancel.status == 200, "\(cancel.body)")
        let (saneStatus, sane) = try await create(
            Self.campaign("sane", rollout: #"rollout: {waves: [{canary: 2}, "10%"]}"#)
        )
        #expect(saneStatus == 201, "\(sane)")
        #expect((sane["warnings"] as? [Any])?.isEmpty == true, "\(sane)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }

    @Test("POST /genieacs/mass-config: 201 with the warnings, each naming its wave in the request")
    func massConfig() async throws {
        let standIn = try await StandInProcess.start(devices: 20)
        defer { standIn.stop() }
        let (server, token) = try await ServeEndToEndTests.serveWithToken(environment: ["FERRULE_ACS_URL": standIn.url])
        let response = try await server.request(
            "POST",
            "/api/v1/genieacs/mass-config",
            headers: ["X-API-Key": token, "Content-Type": "application/json"],
            body: #"""
                {"name": "inform", "device_filter": {"query": {"_id": {"$exists": true}}},
                 "custom_parameters": {"Device.ManagementServer.PeriodicInformInterval": 600},
                 "rollout": {"waves": [{"canary": 200}, "10%"]}}
                """#
        )
        #expect(response.status == 201, "\(response.body)")
        let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        let created = try #require(object, "\(response.body)")
        #expect((created["results"] as? [Any])?.count == 20, "created all the same: \(response.body)")
        let warnings = try #require(created["warnings"] as? [[String: Any]], "\(response.body)")
        #expect(warnings.map { $0["code"] as? String } == ["canary-holds-every-target", "empty-waves"], "\(warnings)")
        #expect(warnings.map { $0["file"] as? String } == ["rollout.waves[0]", "rollout.waves[1]"], "\(warnings)")
        #expect(
            (warnings.first?["text"] as? String)?.hasPrefix(
                "rollout.waves[0]: warning[canary-holds-every-target]: the canary wave (200 devices) holds all 20"
            ) == true,
            "\(warnings)"
        )
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }
}
