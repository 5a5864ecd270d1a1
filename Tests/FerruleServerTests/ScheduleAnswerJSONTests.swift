import Campaigns
import FerruleJSON
import FerruleTestSupport
import Foundation
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime
import Testing

@testable import FerruleServer

/// A progress answer written without `JSONEncoder` is the encoder's answer byte for byte.
@Suite("Schedule progress answers written without the encoder")
struct ScheduleAnswerJSONTests {
    static let converter = Converter(configuration: FerruleAPI.configuration)

    /// What the generated server writes for `value`.
    static func encoded(_ value: some Encodable) async throws -> [UInt8] {
        var fields = HTTPFields()
        let body = try converter.setResponseBodyAsJSON(value, headerFields: &fields, contentType: "application/json")
        return try await [UInt8](collecting: body, upTo: 64 << 20)
    }

    static func schedule(filter: [String: (any Sendable)?]) throws -> Components.Schemas.FirmwareUpgradeSchedule {
        Components.Schemas.FirmwareUpgradeSchedule(
            scheduleId: "0b6f/1",
            campaignId: "c-1",
            name: "EX220 \"to\" 1.3.0 / \u{1}",
            firmwareFile: "EX220-1.3.0.bin",
            fileType: "1 Firmware Upgrade Image",
            deviceFilter: .init(additionalProperties: try OpenAPIObjectContainer(unvalidatedValue: filter)),
            scheduledAt: Date(timeIntervalSince1970: 1_796_000_000),
            timezone: "Europe/Paris",
            maxConcurrent: 10,
            status: .running,
            createdAt: Date(timeIntervalSince1970: 1_795_000_000)
        )
    }

    @Test("every control character, quote, slash and non-ASCII text is escaped as the encoder escapes it")
    func strings() async throws {
        var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["é", "\u{2028}", "\u{2029}", "\u{7F}", "👍🏽", "a/b\\c\"d", "", "\u{FEFF}x", "日本"]
        for sample in samples {
            var out = EncoderCompatibleJSON(capacity: 8)
            out.string(sample)
            let expected = try await Self.encoded([sample])
            #expect(
                [UInt8(ascii: "[")] + out.bytes + [UInt8(ascii: "]")] == expected,
                "\(sample.unicodeScalars.map(\.value))"
            )
        }
    }

    @Test("whole-second times from 1970 to 9999 are written as the runtime's ISO 8601 transcoder writes them")
    func dates() async throws {
        var generator = SeededGenerator(seed: 12)
        var seconds: [Double] = [0, 59, 86_399, 86_400, 951_782_400, 951_868_800, 4_107_542_400, 253_402_300_799]
        for _ in 0..<2_000 { seconds.append(Double(Int.random(in: 0..<253_402_300_800, using: &generator))) }
        for value in seconds {
            var out = EncoderCompatibleJSON(capacity: 24)
            let written = out.date(Date(timeIntervalSince1970: value))
            #expect(written)
            let expected = try await Self.encoded([Date(timeIntervalSince1970: value)])
            #expect([UInt8(ascii: "[")] + out.bytes + [UInt8(ascii: "]")] == expected, "\(value)")
        }
        var out = EncoderCompatibleJSON(capacity: 24)
        let fraction = out.date(Date(timeIntervalSince1970: 1.5))
        let negative = out.date(Date(timeIntervalSince1970: -1))
        #expect(!fraction && !negative && out.bytes.isEmpty)
    }

    @Test("answers with every result state, message and time, with and without skipped devices, match the encoder")
    func answers() async throws {
        var generator = SeededGenerator(seed: 7)
        let states: [Components.Schemas.ResultStatus] = [.pending, .inProgress, .success, .failed, .skipped]
        for round in 0..<40 {
            let results = (0..<Int.random(in: 0..<60, using: &generator)).map { index in
                Components.Schemas.FirmwareUpgradeResult(
                    deviceId: "A0B1C2-EX220-\(index)\(index % 7 == 0 ? "/\u{7}\"é" : "")",
                    status: states[Int.random(in: 0..<states.count, using: &generator)],
                    errorMessage: Bool.random(using: &generator) ? "9010: download \\ failed\n\(index)" : nil,
                    startedAt: Bool.random(using: &generator)
                        ? Date(timeIntervalSince1970: Double(1_790_000_000 + index)) : nil,
                    completedAt: Bool.random(using: &generator)
                        ? Date(timeIntervalSince1970: Double(1_790_000_100 + index)) : nil
                )
            }
            let answer = Components.Schemas.FirmwareUpgradeScheduleResponse(
                schedule: try Self.schedule(filter: ["_deviceId._ProductClass": "EX220", "n": round, "x": 1.5]),
                totalDevices: results.count + round,
                completedDevices: round,
                failedDevices: results.count,
                pendingDevices: 3,
                skippedDevices: round % 2 == 0 ? round : nil,
                results: results
            )
            let written = ScheduleAnswerJSON.bytes(answer, schedule: try await Self.encoded(answer.schedule))
            let expected = try await Self.encoded(answer)
            #expect(written == expected, "\(String(decoding: written ?? [], as: UTF8.self))")
        }
    }

    @Test("results written from the targets' rows are the encoder's answer of the same results")
    func fromTargets() async throws {
        var generator = SeededGenerator(seed: 11)
        let states = TargetRecord.State.allCases
        func time(_ base: Double) -> Double? {
            // Milliseconds, not always whole seconds: the answer truncates them.
            Bool.random(using: &generator) ? base + Double(Int.random(in: 0..<5_000, using: &generator)) : nil
        }
        for round in 0..<30 {
            let targets = (0..<Int.random(in: 0..<40, using: &generator)).map { index in
                TargetResult(
                    deviceID: "A0B1C2-EX220-\(index)\(index % 5 == 0 ? "/\u{1}\"é\\" : "")",
                    state: states[Int.random(in: 0..<states.count, using: &generator)],
                    firstPushedAt: time(1_790_000_000_000),
                    finishedAt: time(1_790_000_100_000),
                    errorCode: Bool.random(using: &generator) ? "cwmp.9010" : nil,
                    errorMessage: Bool.random(using: &generator) ? "download \\ failed\n\(index)" : nil
                )
            }
            var answer = Components.Schemas.FirmwareUpgradeScheduleResponse(
                schedule: try Self.schedule(filter: ["n": round]),
                totalDevices: targets.count,
                completedDevices: round,
                failedDevices: 1,
                pendingDevices: 2,
                skippedDevices: round % 3 == 0 ? nil : round,
                results: []
            )
            let schedule = try await Self.encoded(answer.schedule)
            let written = ScheduleAnswerJSON.bytes(answer, results: targets, schedule: schedule)
            answer.results = targets.map(APIHandler.result)
            let expected = try await Self.encoded(answer)
            #expect(written == expected, "\(String(decoding: written ?? [], as: UTF8.self))")
        }
    }

    @Test("a result time outside what it writes leaves the answer to the encoder")
    func fallsBack() async throws {
        let answer = Components.Schemas.FirmwareUpgradeScheduleResponse(
            schedule: try Self.schedule(filter: [:]),
            totalDevices: 1,
            completedDevices: 0,
            failedDevices: 0,
            pendingDevices: 1,
            results: [.init(deviceId: "d", status: .pending, startedAt: Date(timeIntervalSince1970: 0.25))]
        )
        #expect(ScheduleAnswerJSON.bytes(answer, schedule: try await Self.encoded(answer.schedule)) == nil)
    }

    @Test("an answer made afresh carries its own length, not the schedule object's")
    func contentLength() async throws {
        let harness = try APITestHarness(devices: 3)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let (id, _) = try await ProgressCacheTests.createSchedule(client)
            let response = try await client.send(
                APIRequest(
                    path: "/api/v1/genieacs/firmware-upgrades/schedules/\(id)",
                    accept: "application/json, text/x-1"
                )
            )
            #expect(response.status == 200)
            #expect(response.json["results"]?.arrayValue?.count == 3, "\(response.text)")
            if let length = response.headers[.contentLength] { #expect(Int(length) == response.text.utf8.count) }
        }
    }
}
