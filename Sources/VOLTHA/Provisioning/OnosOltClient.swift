public import CurlHTTP
import FerruleCore
import Foundation

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
        try await expectSuccess(
            "POST",
            "/onos/olt/oltapp/services/\(Self.escape(portName))/\(sTag)/\(cTag)/\(technologyProfileID)",
            noContentMeans:
                "ONOS provisioned nothing on \(portName): the service is already there, or ONOS's SADIS has no such service for it"
        )
    }

    /// Removes one service from a UNI:
    /// `DELETE /onos/olt/oltapp/services/{portName}/{sTag}/{cTag}/{tpId}`.
    public func removeService(portName: String, sTag: Int, cTag: Int, technologyProfileID: Int) async throws {
        try await expectSuccess(
            "DELETE",
            "/onos/olt/oltapp/services/\(Self.escape(portName))/\(sTag)/\(cTag)/\(technologyProfileID)",
            noContentMeans: nil
        )
    }

    /// Drops ONOS's cached copy of a SADIS subscriber entry (`DELETE /onos/sadis/cache/subscriber/{id}`),
    /// so its next lookup reads Ferrule's current entry.
    public func invalidateSubscriberCache(id: String) async throws {
        try await expectSuccess("DELETE", "/onos/sadis/cache/subscriber/\(Self.escape(id))", noContentMeans: nil)
    }

    private func expectSuccess(_ method: String, _ path: String, noContentMeans: String?) async throws {
        let url = baseURL + path
        let response: HTTPResponse
        do {
            response = try await http.send(
                HTTPRequest(method: method, url: url, headers: [HTTPHeader("Accept", "application/json")])
            )
        } catch let error as HTTPClientError {
            throw VolthaError(
                .onos,
                "ONOS unreachable: \(error.detail.shortened())",
                target: shownURL,
                detail: "\(method) \(path)"
            )
        }
        switch response.status {
        case 200..<300 where response.status == 204 && noContentMeans != nil:
            throw VolthaError(.onos, noContentMeans ?? "", target: shownURL, detail: "\(method) \(path): 204")
        case 200..<300:
            return
        case 401, 403:
            throw VolthaError(
                .onos,
                "ONOS refused the credentials; set FERRULE_ONOS_USERNAME and FERRULE_ONOS_PASSWORD",
                target: shownURL,
                detail: "\(method) \(path): \(response.status)"
            )
        case 404:
            throw VolthaError(
                .onos,
                "ONOS has no such resource; is the olt (or sadis) app installed and active?",
                target: shownURL,
                detail: "\(method) \(path): 404"
            )
        default:
            let text = response.text.isEmpty ? response.reasonPhrase : response.text
            throw VolthaError(
                .onos,
                "ONOS refused: \(text.shortened())",
                target: shownURL,
                detail: "\(method) \(path): \(response.status)"
            )
        }
    }

    /// Percent-encodes a path segment (serials are alphanumeric, but the input is the operator's),
    /// keeping `:`.
    static func escape(_ segment: String) -> String { PercentEncoding.encode(segment, keeping: ":") }
}
