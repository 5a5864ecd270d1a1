internal import GRPCCore
internal import SwiftProtobuf
internal import VOLTHAMessages

extension VolthaClient {
    /// Asks `GetVoltha` and classifies the answer (see ``VolthaHealth``). Never throws: a failure
    /// is the answer, its reason without the address (the caller knows it and decides whether to
    /// show it).
    public func health() async -> VolthaHealth {
        do {
            let voltha = try await call("GetVoltha") {
                try await self.voltha.getVoltha(Google_Protobuf_Empty(), options: options)
            }
            return .ready(version: voltha.version)
        } catch let error as VolthaError where error.kind == .notReady {
            return .degraded(reason: error.untargeted)
        } catch let error as VolthaError {
            return .down(reason: error.untargeted)
        } catch {
            return .down(reason: String(describing: error))
        }
    }
}
