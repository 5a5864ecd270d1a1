public import CurlHTTP
import FerruleCore
internal import FerruleJSON
import Foundation

/// A failed ONOS call, and whether ONOS may have acted on it all the same: a timeout, a connection
/// closed after the request was sent, or a 5xx leave that open; no connection, or a 4xx, do not.
struct OnosCallFailure: Error {
    var error: VolthaError
    var mayHaveActed: Bool
    /// ONOS had not answered when the call gave up: it may still be working on the request.
    var unanswered = false
    /// ONOS answered 500 "ConnectPoint not found for <port name>": it knows no port of that name
    /// (opencord/olt `web/src/main/java/org/opencord/olt/rest/OltWebResource.java:233-238`).
    var unknownPort = false
}

/// What ONOS did with a `DELETE /onos/olt/oltapp/services/{portName}/{sTag}/{cTag}/{tpId}`
/// (opencord/olt `OltWebResource.java:218-244` `removeAdditionalVlans`).
enum ServiceRemoval: Sendable, Hashable {
    /// 200: ONOS took the removal in.
    case removed
    /// 204: ONOS removed nothing: it has no such service programmed on the port, or its SADIS
    /// lookup found no service with those tags and technology profile (`Olt.java:442-479`
    /// `removeSubscriber(cp, cTag, sTag, tpId)` returns false in both cases).
    case nothingRemoved
    /// 500 "ConnectPoint not found": ONOS knows no port of that name (the ONU is gone), so nothing
    /// is programmed on it.
    case unknownPort
}

/// One service the olt app lists as programmed on a UNI (`programmed-subscribers`' `tagInfo`, as
/// sadis `UniTagInformationCodec` encodes it).
struct ProgrammedService: Sendable, Hashable {
    var serviceName: String
    var cTag: Int
    var sTag: Int
    var technologyProfileID: Int
}

/// The ONOS side of provisioning: the olt app's REST resource
/// (`opencord/olt:web/src/main/java/org/opencord/olt/rest/OltWebResource.java`, under
/// `/onos/olt/oltapp`) and the SADIS cache (`opencord/sadis:app/src/main/java/org/opencord/sadis/rest/SadisWebResource.java`,
/// under `/onos/sadis`). ONOS listens on 8181 with basic auth (`karaf:karaf` by default).
public struct OnosOltClient: Sendable {
    /// `http://host:8181`, no trailing slash.
    public let baseURL: String
    /// ``baseURL`` as errors name it: without `user:password@`, should a caller have put credentials
    /// into it (`ferrule` refuses such a URL; credentials belong in `http`'s configuration).
    let shownURL: String
    let http: HTTPClient

    /// A client for ONOS at `baseURL`; `http` carries its credentials.
    public init(baseURL: String, http: HTTPClient) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        if var components = URLComponents(string: url), components.user != nil || components.password != nil {
            components.user = nil
            components.password = nil
            shownURL = components.string ?? "the ONOS URL"
        } else {
            shownURL = url
        }
        self.http = http
    }

    /// Provisions one service on a UNI:
    /// `POST /onos/olt/oltapp/services/{portName}/{sTag}/{cTag}/{tpId}`. ONOS looks the service up
    /// in SADIS, so the subscriber entry must be there first.
    ///
    /// - Throws: ``VolthaError`` `onos` with ONOS's text (500 "ConnectPoint not found for …" when
    ///   ONOS does not know the UNI; 204 when it provisioned nothing).
    public func addService(portName: String, sTag: Int, cTag: Int, technologyProfileID: Int) async throws {
        do {
            try await addServiceCall(
                portName: portName,
                sTag: sTag,
                cTag: cTag,
                technologyProfileID: technologyProfileID
            )
        } catch let failure as OnosCallFailure {
            throw failure.error
        }
    }

    /// ``addService(portName:sTag:cTag:technologyProfileID:)`` throwing ``OnosCallFailure``, which
    /// says whether ONOS may have programmed the service despite the failure (204 counts: ONOS
    /// answers it also when the service is already programmed).
    func addServiceCall(portName: String, sTag: Int, cTag: Int, technologyProfileID: Int) async throws {
        try await call(
            "POST",
            "/onos/olt/oltapp/services/\(Self.escape(portName))/\(sTag)/\(cTag)/\(technologyProfileID)",
            noContentMeans:
                "ONOS provisioned nothing on \(portName): the service is already there, or ONOS's SADIS has no such service for it"
        )
    }

    /// The URL path of the olt app's programmed subscribers on one UNI:
    /// `GET /onos/olt/oltapp/programmed-subscribers/{deviceId}/{port}`
    /// (`opencord/olt:web/src/main/java/org/opencord/olt/rest/OltWebResource.java`
    /// `getProgrammedSubscribersByConnectPoint`; fa319e7 lines 251-318).
    static func programmedPath(deviceID: String, port: UInt32) -> String {
        "/onos/olt/oltapp/programmed-subscribers/\(escape(deviceID))/\(port)"
    }

    /// The full URL of ``programmedPath(deviceID:port:)``, for an operator's `curl`.
    func programmedURL(deviceID: String, port: UInt32) -> String {
        shownURL + Self.programmedPath(deviceID: deviceID, port: port)
    }

    /// The services the olt app has programmed on the UNI `deviceID`/`port` (its
    /// `{"entries":[{"location":"of:…/256","tagInfo":{…}}]}`, at most 4 MiB), waiting as long as
    /// any other ONOS call (`--onos-timeout`).
    ///
    /// - Throws: ``VolthaError`` `onos` when ONOS cannot be asked or answers something else.
    func programmedServices(deviceID: String, port: UInt32) async throws -> [ProgrammedService] {
        let path = Self.programmedPath(deviceID: deviceID, port: port)
        let response: HTTPResponse
        do {
            response = try await http.send(
                HTTPRequest(
                    method: "GET",
                    url: baseURL + path,
                    headers: [HTTPHeader("Accept", "application/json")]
                )
            )
        } catch let error as HTTPClientError {
            throw VolthaError(
                .onos,
                "\(Self.failure(error)): \(error.detail.shortened())",
                target: shownURL,
                detail: "GET \(path)"
            )
        }
        guard response.status == 200 else {
            let text = response.text.isEmpty ? response.reasonPhrase : response.text
            throw VolthaError(
                .onos,
                "ONOS did not list the programmed subscribers: \(text.shortened())",
                target: shownURL,
                detail: "GET \(path): \(response.status)"
            )
        }
        guard response.body.count <= 4 << 20, let json = try? JSONValue.parse(response.body),
            let entries = json["entries"]?.arrayValue
        else {
            throw VolthaError(
                .onos,
                "ONOS answered the programmed subscribers with something other than {\"entries\": […]}",
                target: shownURL,
                detail: "GET \(path): 200"
            )
        }
        return entries.compactMap { entry in
            guard let tag = entry["tagInfo"], let cTag = tag["ponCTag"]?.intValue, let sTag = tag["ponSTag"]?.intValue
            else { return nil }
            return ProgrammedService(
                serviceName: tag["serviceName"]?.stringValue ?? "",
                cTag: cTag,
                sTag: sTag,
                technologyProfileID: tag["technologyProfileId"]?.intValue ?? -1
            )
        }
    }

    /// Removes one service from a UNI:
    /// `DELETE /onos/olt/oltapp/services/{portName}/{sTag}/{cTag}/{tpId}`.
    ///
    /// - Returns: what ONOS did: a 204 is not a removal (see ``ServiceRemoval``).
    /// - Throws: ``VolthaError`` `onos` for any other failure.
    func removeService(portName: String, sTag: Int, cTag: Int, technologyProfileID: Int) async throws
        -> ServiceRemoval
    {
        do {
            try await call(
                "DELETE",
                "/onos/olt/oltapp/services/\(Self.escape(portName))/\(sTag)/\(cTag)/\(technologyProfileID)",
                noContentMeans: "ONOS removed nothing"
            )
            return .removed
        } catch let failure as OnosCallFailure {
            if failure.unknownPort { return .unknownPort }
            if failure.error.detail.hasSuffix(": 204") { return .nothingRemoved }
            throw failure.error
        }
    }

    /// The full URL that drops ONOS's cached copy of subscriber `id`, for an operator's `curl`.
    func cacheURL(id: String) -> String { shownURL + "/onos/sadis/cache/subscriber/\(Self.escape(id))" }

    /// The full URL of ONOS's SADIS lookup of subscriber `id` (`GET /onos/sadis/subscriber/{id}`,
    /// opencord/sadis `SadisWebResource.java`), for an operator's `curl`.
    func subscriberURL(id: String) -> String { shownURL + "/onos/sadis/subscriber/\(Self.escape(id))" }

    /// Drops ONOS's cached copy of a SADIS subscriber entry (`DELETE /onos/sadis/cache/subscriber/{id}`),
    /// so its next lookup reads Ferrule's current entry.
    public func invalidateSubscriberCache(id: String) async throws {
        try await expectSuccess("DELETE", "/onos/sadis/cache/subscriber/\(Self.escape(id))", noContentMeans: nil)
    }

    private func expectSuccess(_ method: String, _ path: String, noContentMeans: String?) async throws {
        do {
            try await call(method, path, noContentMeans: noContentMeans)
        } catch let failure as OnosCallFailure {
            throw failure.error
        }
    }

    /// What a transport failure means for an ONOS call: not reached, reached without an answer,
    /// or an answer too large to read.
    static func failure(_ error: HTTPClientError) -> String {
        switch error.kind {
        case .resolve, .connect, .tls, .invalidRequest: "ONOS unreachable"
        case .responseTooLarge: "ONOS answered more than Ferrule reads"
        case .timeout, .connectionDropped, .cancelled, .other: "no answer from ONOS"
        }
    }

    /// Sends one call; throws ``OnosCallFailure`` for anything but a 2xx (and a 204 when
    /// `noContentMeans` is set).
    private func call(_ method: String, _ path: String, noContentMeans: String?) async throws {
        let url = baseURL + path
        let response: HTTPResponse
        do {
            response = try await http.send(
                HTTPRequest(method: method, url: url, headers: [HTTPHeader("Accept", "application/json")])
            )
        } catch let error as HTTPClientError {
            let sent: Bool
            switch error.kind {
            case .resolve, .connect, .tls, .invalidRequest: sent = false
            case .timeout, .connectionDropped, .cancelled, .responseTooLarge, .other: sent = true
            }
            throw OnosCallFailure(
                error: VolthaError(
                    .onos,
                    "\(Self.failure(error)): \(error.detail.shortened())",
                    target: shownURL,
                    detail: "\(method) \(path)"
                ),
                mayHaveActed: sent,
                unanswered: error.kind == .timeout || error.kind == .cancelled
            )
        }
        func failure(_ message: String, mayHaveActed: Bool = false, unknownPort: Bool = false) -> OnosCallFailure {
            OnosCallFailure(
                error: VolthaError(.onos, message, target: shownURL, detail: "\(method) \(path): \(response.status)"),
                mayHaveActed: mayHaveActed,
                unknownPort: unknownPort
            )
        }
        switch response.status {
        case 200..<300 where response.status == 204 && noContentMeans != nil:
            throw failure(noContentMeans ?? "", mayHaveActed: true)
        case 200..<300:
            return
        case 401, 403:
            throw failure("ONOS refused the credentials; set FERRULE_ONOS_USERNAME and FERRULE_ONOS_PASSWORD")
        case 404:
            throw failure("ONOS has no such resource; is the olt (or sadis) app installed and active?")
        case 500 where response.text.hasPrefix("ConnectPoint not found for "):
            // OltWebResource.java:133-140, 160-165, 196-201, 233-238: checked before anything is done.
            throw failure("ONOS refused: \(response.text.shortened())", unknownPort: true)
        default:
            let text = response.text.isEmpty ? response.reasonPhrase : response.text
            throw failure("ONOS refused: \(text.shortened())", mayHaveActed: response.status >= 500)
        }
    }

    /// Percent-encodes a path segment (serials are alphanumeric, but the input is the operator's),
    /// keeping `:`.
    static func escape(_ segment: String) -> String { PercentEncoding.encode(segment, keeping: ":") }
}
