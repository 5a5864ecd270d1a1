public import Foundation
internal import GRDB

extension TokenStore {
    /// What a server started on this state directory serves: its tenants and when it started.
    public struct ServedTenants: Sendable, Equatable {
        /// Tenant names, sorted.
        public var names: [String]
        /// When the server recorded them (milliseconds since the epoch).
        public var recordedAt: Double

        public init(names: [String], recordedAt: Double) {
            self.names = names
            self.recordedAt = recordedAt
        }
    }

    /// Records the tenants of a server that has just started listening on this state directory,
    /// replacing what an earlier start recorded: `ferrule token create` without `--config` checks
    /// a token's tenant against them (a token for another tenant would get 404 on every request).
    public func recordServedTenants(_ names: [String], now: Double = Date().timeIntervalSince1970 * 1000)
        async throws
    {
        try await write("record the served tenants") { db in
            try db.execute(sql: "DELETE FROM served_tenants")
            for name in Set(names) {
                try db.execute(
                    sql: "INSERT INTO served_tenants (name, recorded_at) VALUES (?, ?)",
                    arguments: [name, now]
                )
            }
        }
    }

    /// The tenants the last server started on this state directory serves; nil when no server has
    /// recorded any.
    public func servedTenants() async throws -> ServedTenants? {
        try await read("read the served tenants") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, recorded_at FROM served_tenants ORDER BY name")
            guard let first = rows.first else { return nil }
            return ServedTenants(
                names: try rows.map { try $0.decode(String.self, atIndex: 0) },
                recordedAt: try first.decode(Double.self, atIndex: 1)
            )
        }
    }
}
