import Foundation
import Logging
import ServiceLifecycle

/// Deletes audit records older than the retention (at start, then hourly), so the audit log of
/// a busy server stays bounded.
struct AuditRetention: Service {
    let store: TokenStore
    let days: Int
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let cutoff = Date().timeIntervalSince1970 * 1000 - Double(days) * 86_400_000
            do {
                let deleted = try await store.pruneAudit(before: cutoff)
                if deleted > 0 {
                    logger.info("audit records past retention deleted", metadata: ["count": "\(deleted)"])
                }
            } catch {
                logger.warning("audit retention failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
