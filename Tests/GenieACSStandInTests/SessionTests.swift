import FerruleJSON
import Testing

@testable import GenieACSStandIn

@Suite struct SessionTests {
    let pii = "InternetGatewayDevice.ManagementServer.PeriodicInformInterval"

    @Test("setParameterValues converts to the known type and skips unchanged, read-only and unknown paths")
    func setParameterValues() throws {
        var s = try makeState()
        let d = device(s, "00E0FC")
        let id = try s.post(
            d,
            #"{"name":"setParameterValues","parameterValues":[["\#(pii)","600","xsd:string"],["InternetGatewayDevice.DeviceInfo.SoftwareVersion","X"],["InternetGatewayDevice.Nope","1"],["InternetGatewayDevice.ManagementServer.PeriodicInformEnable",1]]}"#
        )
        session(&s, d, at: t0 + 1000)
        #expect(s.tasks[id] == nil)
        #expect(s.faults.isEmpty)
        #expect(s.value(d, pii) == .number("600"))
        #expect(s.value(d, "InternetGatewayDevice.DeviceInfo.SoftwareVersion") == .string("V3R017C10S125"))
        #expect(s.value(d, "InternetGatewayDevice.ManagementServer.PeriodicInformEnable") == .bool(true))
        let di = try #require(s.deviceIndex[d])
        #expect(s.devices[di].delta?.changed.count == 1)  // only the interval changed
    }

    @Test("a value the CPE cannot take faults with cwmp.9003 and per-parameter 9007 (lib/db/types.ts:4-21 detail)")
    func invalidValue() throws {
        var s = try makeState()
        let d = device(s, "00E0FC")
        let id = try s.post(
            d,
            #"{"name":"setParameterValues","parameterValues":[["InternetGatewayDevice.ManagementServer.PeriodicInformEnable","maybe"]]}"#
        )
        session(&s, d, at: t0 + 1000)
        let fault = try #require(s.faults[d + ":task_" + id])
        #expect(fault.code == "cwmp.9003")
        #expect(fault.detail?["setParameterValuesFault"]?.arrayValue?.count == 1)
        #expect(s.tasks[id] != nil)  // the faulted task stays
    }

    @Test("a future timestamp defers the task; an expired task is dropped without a fault")
    func deferralAndExpiry() throws {
        var s = try makeState()
        let d = device(s, "00E0FC")
        let deferred = try s.post(d, #"{"name":"reboot","timestamp":\#(t0 + 60_000)}"#)
        let expiring = try s.post(d, #"{"name":"factoryReset","expiry":30}"#)
        session(&s, d, at: t0 + 40_000)
        #expect(s.tasks[deferred] != nil)
        #expect(s.tasks[expiring] == nil)
        #expect(s.faults.isEmpty)
        #expect(s.stats.tasksExpired == 1)
        session(&s, d, at: t0 + 61_000)
        #expect(s.tasks[deferred] == nil)
    }

    @Test("uniqueKey replaces the device's task with the same key (lib/api-functions.ts:362-367)")
    func uniqueKey() throws {
        var s = try makeState()
        let d = device(s, "00E0FC")
        let first = try s.post(d, #"{"name":"reboot","uniqueKey":"k"}"#)
        let second = try s.post(d, #"{"name":"reboot","uniqueKey":"k"}"#)
        let other = try s.post(device(s, "3C52A1"), #"{"name":"reboot","uniqueKey":"k"}"#)
        #expect(s.tasks[first] == nil)
        #expect(s.tasks[second] != nil)
        #expect(s.tasks[other] != nil)
    }

    @Test("faults retry after retryDelay × 2^retries and count retries (lib/cwmp.ts:406-430)")
    func retryBackoff() throws {
        var s = try makeState {
            $0.retryDelaySeconds = 10
            $0.faults["reboot"] = .init(rate: 1, code: "cwmp.9002", message: "Internal error")
        }
        let d = device(s, "00E0FC")
        let id = try s.post(d, #"{"name":"reboot"}"#)
        let fid = d + ":task_" + id
        session(&s, d, at: t0 + 1000)
        #expect(s.faults[fid]?.retries == 0)
        #expect(s.faults[fid]?.document["code"] == .string("cwmp.9002"))
        session(&s, d, at: t0 + 5000)
        #expect(s.faults[fid]?.retries == 0)
        session(&s, d, at: t0 + 12_000)  // 10 s after the fault
        #expect(s.faults[fid]?.retries == 1)
        session(&s, d, at: t0 + 25_000)  // < 20 s after the first retry
        #expect(s.faults[fid]?.retries == 1)
        session(&s, d, at: t0 + 33_000)
        #expect(s.faults[fid]?.retries == 2)
        // POST /tasks/<id>/retry deletes the fault; without the rule the task then completes.
        guard case .done = try s.retryTask(id) else {
            Issue.record("retry refused")
            return
        }
        #expect(s.faults[fid] == nil)
    }

    @Test("download: the task completes on the Download, TransferComplete installs the version")
    func downloadSuccess() throws {
        var s = try makeState {
            $0.firmware = .init(successRate: 1, delayMs: 500, versions: ["fw-2.bin": "V9"])
        }
        let d = device(s, "00E0FC")
        let id = try s.post(d, #"{"name":"download","fileType":"1 Firmware Upgrade Image","fileName":"fw-2.bin"}"#)
        session(&s, d, at: t0 + 1000)
        #expect(s.tasks[id] == nil)
        #expect(s.operations.count == 1)
        #expect(s.operations.keys.first?.hasPrefix(d + ":") == true)
        _ = s.runDue(now: t0 + 1600)
        #expect(s.operations.isEmpty)
        #expect(s.faults.isEmpty)
        #expect(s.value(d, "InternetGatewayDevice.DeviceInfo.SoftwareVersion") == .string("V9"))
    }

    @Test("download: a failed TransferComplete faults on task_<id> although the task is gone")
    func downloadFault() throws {
        var s = try makeState { $0.firmware = .init(successRate: 0, delayMs: 100, versions: ["fw.bin": "V2"]) }
        let d = device(s, "00E0FC")
        let id = try s.post(d, #"{"name":"download","fileType":"1 Firmware Upgrade Image","fileName":"fw.bin"}"#)
        session(&s, d, at: t0 + 1000)
        #expect(s.tasks[id] == nil)
        _ = s.runDue(now: t0 + 2000)
        let fault = try #require(s.faults[d + ":task_" + id])
        #expect(fault.code == "cwmp.9010")
        #expect(s.operations.isEmpty)
    }

    @Test("download: no TransferComplete within downloadTimeout faults with `timeout` (lib/session.ts:428-437)")
    func downloadTimeout() throws {
        var s = try makeState {
            $0.downloadTimeoutSeconds = 60
            $0.firmware = .init(successRate: 0, timeoutRate: 1, versions: ["fw.bin": "V2"])
        }
        let d = device(s, "00E0FC")
        let id = try s.post(d, #"{"name":"download","fileType":"1 Firmware Upgrade Image","fileName":"fw.bin"}"#)
        session(&s, d, at: t0 + 1000)
        _ = s.runDue(now: t0 + 30_000)
        #expect(s.operations.count == 1)
        _ = s.runDue(now: t0 + 62_000)
        #expect(s.faults[d + ":task_" + id]?.code == "timeout")
        #expect(s.operations.isEmpty)
    }

    @Test("addObject adds the next instance, deleteObject removes it, factoryReset restores the fixture")
    func objects() throws {
        var s = try makeState()
        let d = device(s, "00E0FC")
        let wlan = "InternetGatewayDevice.LANDevice.1.WLANConfiguration"
        _ = try s.post(d, #"{"name":"addObject","objectName":"\#(wlan).","parameterValues":[["SSID","guest"]]}"#)
        session(&s, d, at: t0 + 1000)
        #expect(s.value(d, wlan + ".2.SSID") == .string("guest"))
        #expect(s.value(d, wlan + ".2.Enable") == .bool(false))
        _ = try s.post(d, #"{"name":"deleteObject","objectName":"\#(wlan).2."}"#, now: t0 + 2000)
        session(&s, d, at: t0 + 3000)
        #expect(s.value(d, wlan + ".2.SSID") == nil)
        _ = try s.post(d, #"{"name":"setParameterValues","parameterValues":[["\#(wlan).1.SSID","x"]]}"#, now: t0 + 4000)
        session(&s, d, at: t0 + 5000)
        #expect(s.value(d, wlan + ".1.SSID") == .string("x"))
        _ = try s.post(d, #"{"name":"factoryReset"}"#, now: t0 + 6000)
        session(&s, d, at: t0 + 7000)
        #expect(s.value(d, wlan + ".1.SSID") == .string("HUAWEI-2.4G-x7Kp"))
    }

    @Test("provisions tasks run built-ins natively: tag, value, refresh (lib/default-provisions.ts)")
    func provisionsTask() throws {
        var s = try makeState()
        let d = device(s, "00E0FC")
        _ = try s.post(
            d,
            #"{"name":"provisions","provisions":[["tag","campaign-1",true],["value","\#(pii)",900],["refresh","InternetGatewayDevice.DeviceInfo"],["unknown-script"]]}"#
        )
        session(&s, d, at: t0 + 1000)
        #expect(try s.ids(#"{"_tags":"campaign-1"}"#) == [d])
        #expect(s.value(d, pii) == .number("900"))
        #expect(
            try s.ids(#"{"InternetGatewayDevice.DeviceInfo.UpTime._timestamp":{"$gte":"2023-11-14T22:13:21Z"}}"#) == [d]
        )
    }
}
