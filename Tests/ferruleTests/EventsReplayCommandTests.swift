import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End to end: `ferrule events replay` on the captures Tools/make-event-fixtures.py writes with
/// the official voltha-protos classes.
@Suite("ferrule events replay (end to end)")
struct EventsReplayCommandTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/VOLTHATests/Fixtures/events")

    static func run(_ arguments: [String], stdin: URL? = nil) async throws -> ProcessOutput {
        try await ProcessRunner(
            FerruleRunner.executable,
            ["events", "replay"] + arguments,
            input: stdin.map { .file($0.path) } ?? .none
        ).run()
    }

    static func jsonLines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    @Test("--format json prints one normalised object per event of a JSON Lines capture")
    func jsonFromJSONLines() async throws {
        let output = try await Self.run([Self.fixtures.appendingPathComponent("events.jsonl").path, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let events = try Self.jsonLines(output.stdout)
        let captured = try String(contentsOf: Self.fixtures.appendingPathComponent("events.jsonl"), encoding: .utf8)
        #expect(events.count == captured.split(separator: "\n").count)
        let gasps = events.filter { $0["name"]?.stringValue == "ONU_DYING_GASP_RAISE_EVENT" }
        #expect(gasps.count == 2)
        for gasp in gasps {
            #expect(gasp["kind"]?.stringValue == "power_lost" && gasp["phase"]?.stringValue == "raise")
            #expect(gasp["onuSerial"]?.stringValue == "BBSM00000001" && gasp["ponInterface"]?.intValue == 1)
        }
        // The OMCI one has the device id under onu-id: no ONU number.
        #expect(gasps.filter { $0["onuNumber"] == nil }.count == 1)
        let unknown = try #require(events.first { $0["name"]?.stringValue == "VENDOR_SPECIFIC_THING" })
        #expect(unknown["kind"]?.stringValue == "unknown" && unknown["context"]?["intf-id"]?.stringValue == "2")
    }

    @Test("an openonu LAN alarm on the second UNI: uni 2 as the port is named, uniID 1, in JSON and text")
    func uniNumbering() async throws {
        // UNI port number 1<<16 | 3<<8 | 1 = 66305: PON 1, ONU 3, uni id 1 (alarm_manager.go:722-728, 753).
        let line = """
            {"deviceEvent": {"context": {"onu-id": "0a1b2c3d", "onu-intf-id": "66305", \
            "onu-serial-number": "BBSM00000001"}, "description": "onu alarm Event - ONU_Ethernet_UNI - Raised", \
            "deviceEventName": "ONU_Ethernet_UNI_RAISE_EVENT", "resourceId": "0a1b2c3d"}, "header": {"category": \
            "EQUIPMENT", "id": "Voltha.openonu.ONU_Ethernet_UNI.1796461261000000000", "raisedTs": \
            "2026-12-05T09:01:01Z", "subCategory": "ONU", "type": "DEVICE_EVENT", "typeVersion": "0.1"}}
            """
        let capture = try Scratch.file("uni.jsonl", Array((line + "\n").utf8))
        let json = try await Self.run([capture, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let event = try #require(try Self.jsonLines(json.stdout).first)
        #expect(event["uni"]?.intValue == 2, "\(json.stdout)")
        #expect(event["uniId"]?.intValue == 1)
        #expect(event["uniID"] == nil, "spelt uniId, as voltha alarms/events spell it: \(json.stdout)")
        let text = try await Self.run([capture])
        #expect(text.stdout.contains("uni=2 uni-id=1"), "\(text.stdout)")
    }

    @Test("a length-delimited capture on standard input prints text lines, the format sniffed")
    func textFromStandardInput() async throws {
        let output = try await Self.run(["-"], stdin: Self.fixtures.appendingPathComponent("events.ldpb"))
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        let index = try JSONValue.parse(Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("index.json"))))
        #expect(lines.count == index.arrayValue?.count)
        let los = try #require(lines.first { $0.contains("ONU_LOSS_OF_SIGNAL_RAISE_EVENT") })
        #expect(los.hasPrefix("2026-12-05T09:00:06Z signal_lost"))
        #expect(los.contains("pon=1 onu=3 serial=BBSM00000001"))
    }

    @Test("a bad record is reported at file:line:col, the others are printed, and the status is 1")
    func badRecord() async throws {
        let lines = try String(contentsOf: Self.fixtures.appendingPathComponent("events.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let capture = try Scratch.file(
            "capture.jsonl",
            Array("\(lines[0])\n{\"deviceEvent\": [1]}\n\(lines[1])\n".utf8)
        )
        defer { try? FileManager.default.removeItem(atPath: (capture as NSString).deletingLastPathComponent) }
        let output = try await Self.run([capture, "--format", "json"])
        #expect(output.status == 1)
        #expect(try Self.jsonLines(output.stdout).count == 2)
        #expect(
            output.stderr.hasPrefix("\(capture):2:17: error[bad-event-json]: field deviceEvent = [1]: "),
            "\(output.stderr)"
        )
    }

    @Test("a JSON Lines capture starting with a UTF-8 byte order mark replays every event")
    func byteOrderMark() async throws {
        let plain = Self.fixtures.appendingPathComponent("events.jsonl")
        let bytes = [0xEF, 0xBB, 0xBF] + Array(try Data(contentsOf: plain))
        let capture = try Scratch.file("bom.jsonl", bytes)
        defer { try? FileManager.default.removeItem(atPath: (capture as NSString).deletingLastPathComponent) }
        let expected = try await Self.run([plain.path])
        for arguments in [[capture], [capture, "--input", "jsonl"], ["-"]] {
            let output = try await Self.run(arguments, stdin: arguments == ["-"] ? URL(fileURLWithPath: capture) : nil)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            #expect(output.stdout == expected.stdout && !output.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test("a capture that is one JSON array is one error saying so and how to convert it, not wire-type noise")
    func jsonArray() async throws {
        let lines = try String(contentsOf: Self.fixtures.appendingPathComponent("events.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let capture = try Scratch.file("array.json", Array(" \n[\(lines.joined(separator: ","))]".utf8))
        defer { try? FileManager.default.removeItem(atPath: (capture as NSString).deletingLastPathComponent) }
        let output = try await Self.run([capture])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let errors = output.stderr.split(separator: "\n").filter { $0.contains("error[") }
        #expect(errors.count == 1, "\(output.stderr)")
        #expect(
            output.stderr.hasPrefix("\(capture):1:1: error[bad-event-json]: the capture is one JSON array"),
            "\(output.stderr)"
        )
        #expect(output.stderr.contains("jq -c '.[]'") && !output.stderr.contains("wire type"), "\(output.stderr)")
    }

    @Test("binary input whose messages keep failing stops after a few with one line saying it is not a capture")
    func binaryNoise() async throws {
        // 50 "messages" of 3 bytes, each field 15 with the invalid wire type 7.
        let capture = try Scratch.file(
            "noise.bin",
            Array(repeating: [0x03, 0x7F, 0x7F, 0x7F], count: 50).flatMap { $0 }
        )
        defer { try? FileManager.default.removeItem(atPath: (capture as NSString).deletingLastPathComponent) }
        let output = try await Self.run([capture])
        #expect(output.status == 1)
        let errors = output.stderr.split(separator: "\n").filter { $0.contains("error[") }
        #expect(errors.count == 11, "\(output.stderr)")
        #expect(
            errors.last?.contains(
                "error[bad-event]: 10 messages in a row could not be decoded: the input does not look like a length-delimited capture"
            ) == true,
            "\(output.stderr)"
        )
    }

    @Test("a missing file exits 2 and an unknown --input is a usage error")
    func unreadableAndUsage() async throws {
        let missing = try await Self.run(["/nonexistent/capture.jsonl"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"), "\(missing)")
        let usage = try await Self.run([Self.fixtures.appendingPathComponent("events.jsonl").path, "--input", "avro"])
        #expect(usage.status == 64, "\(usage)")
    }

    /// An openolt ONU loss-of-signal raise as protobuf JSON (the shape of the fixtures).
    static func los(_ n: Int, second: Int, pon: Int = 1) -> String {
        let time = String(format: "2026-12-05T09:%02d:%02dZ", second / 60, second % 60)
        return """
            {"header": {"id": "Voltha.openolt.ONU_LOSS_OF_SIGNAL.\(n)", "category": "COMMUNICATION", \
            "subCategory": "ONU", "type": "DEVICE_EVENT", "typeVersion": "0.1", "raisedTs": "\(time)"}, \
            "deviceEvent": {"resourceId": "olt-1", "deviceEventName": "ONU_LOSS_OF_SIGNAL_RAISE_EVENT", \
            "context": {"intf-id": "\(pon)", "onu-id": "\(n)", "serial-number": "BBSM0000000\(n)", \
            "onu-device-id": "onu-\(n)", "port-label": "pon-\(pon)"}}}
            """
    }

    @Test("--filter shows a loss-of-signal burst on one PON become one storm, and its end")
    func filterStorm() async throws {
        let lines = (1...5).map { Self.los($0, second: $0) } + [Self.los(9, second: 600, pon: 2)]
        let directory = try Scratch.directory(
            [
                "capture.jsonl": lines.joined(separator: "\n") + "\n",
                "storm.yaml": "storm:\n  threshold: 3\n  window-seconds: 60\n  clear-after-seconds: 60\n",
            ]
        )
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try await Self.run([
            directory + "/capture.jsonl", "--filter", "--settings", directory + "/storm.yaml",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let outcomes = output.stdout.split(separator: "\n").map {
            $0.split(separator: " ").first.map(String.init) ?? ""
        }
        // The storm ends at PON 2's event; its five ONUs are still down, so no pon_up follows it.
        #expect(
            outcomes == [
                "deliver", "deliver", "storm-raised", "deliver", "absorbed", "absorbed", "absorbed", "storm-cleared",
                "deliver",
            ]
        )
        #expect(output.stdout.contains("olt-1/pon-1 onus=3 raises=3 still-down=3"))
        #expect(output.stdout.contains("olt-1/pon-1 onus=5 raises=5 still-down=5"))
        let json = try await Self.run([directory + "/capture.jsonl", "--filter", "--format", "json"])
        #expect(try Self.jsonLines(json.stdout).allSatisfy { $0["outcome"]?.stringValue == "deliver" })
    }

    @Test("a wrong storm setting is reported at file:line:col and nothing is replayed")
    func badSettings() async throws {
        let directory = try Scratch.directory(["storm.yaml": "storm:\n  threshold: many\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let capture = Self.fixtures.appendingPathComponent("events.jsonl").path
        let output = try await Self.run([capture, "--filter", "--settings", directory + "/storm.yaml"])
        #expect(output.status == 1 && output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix(directory + "/storm.yaml:2:14: error[wrong-type]: "), "\(output.stderr)")
    }
}
