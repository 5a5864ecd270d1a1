import Foundation
import HTTPTypes
public import Hummingbird
import PONEvents
import Synchronization

/// Limits each authenticated caller — its tenant and subject (token id or JWT subject), so callers
/// of different tenants never share a bucket — to a token bucket: `ratePerSecond` on average,
/// `burst` at once. Over it: 429 with `Retry-After` (whole seconds until a request is allowed
/// again). Requests without a principal (the public paths) are not limited.
///
/// Each caller may also have at most `maxInFlight` requests in flight at once (a slow body counts
/// until the answer): one more is 429 at once, so a caller cannot hold every connection of the
/// server with requests that never finish.
public struct RateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let buckets: TokenBuckets
    let inFlight: InFlightRequests

    /// Limits callers to `ratePerSecond` with bursts of `burst`, and `maxInFlight` requests at once.
    public init(ratePerSecond: Double, burst: Int, maxInFlight: Int = 32) {
        buckets = TokenBuckets(ratePerSecond: ratePerSecond, burst: burst)
        inFlight = InFlightRequests(limit: maxInFlight)
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let principal = Principal.current else { return try await next(request, context) }
        let wait = buckets.take(Self.bucketKey(principal), now: ContinuousClock.now)
        guard wait == nil else {
            let seconds = max(1, Int((wait ?? 1).rounded(.up)))
            throw APIError(
                .tooManyRequests,
                "Rate limit exceeded: \(buckets.formattedRate) requests per second per token; retry in \(seconds) s",
                headers: [.retryAfter: String(seconds)]
            )
        }
        let key = Self.bucketKey(principal)
        guard inFlight.enter(key) else {
            throw APIError(
                .tooManyRequests,
                "Too many requests in flight: at most \(inFlight.limit) at once per token; retry when one has been answered",
                headers: [.retryAfter: "1"]
            )
        }
        defer { inFlight.leave(key) }
        return try await next(request, context)
    }

    /// The bucket of `principal`: tenant and subject, joined by a byte neither can hold unescaped
    /// (a JWT subject is escaped text; tenant names are plain identifiers).
    static func bucketKey(_ principal: Principal) -> String { principal.tenant + "\u{0}" + principal.subject }
}

/// Token buckets per key, refilled continuously. Holds at most `capacity` keys, forgetting the
/// least recently used bucket first — the idlest caller's, the one most likely refilled already —
/// in amortised O(1) per request (no rescans; a full table is never emptied at once, which would
/// hand every caller a fresh burst).
final class TokenBuckets: Sendable {
    let ratePerSecond: Double
    let burst: Double
    let capacity: Int
    private let buckets: Mutex<RecentMap<String, Bucket>>

    struct Bucket: Sendable {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    init(ratePerSecond: Double, burst: Int, capacity: Int = 10_000) {
        self.ratePerSecond = ratePerSecond
        self.burst = Double(max(1, burst))
        self.capacity = capacity
        buckets = Mutex(RecentMap(capacity: capacity))
    }

    /// The buckets held.
    var count: Int { buckets.withLock { $0.count } }

    var formattedRate: String {
        ratePerSecond == ratePerSecond.rounded() ? String(Int(ratePerSecond)) : String(format: "%.2f", ratePerSecond)
    }

    /// Takes one token for `key`: nil when granted, else the seconds until one is available.
    func take(_ key: String, now: ContinuousClock.Instant) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, at: now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * ratePerSecond)
            bucket.at = now
            let granted = bucket.tokens >= 1
            if granted { bucket.tokens -= 1 }
            buckets.set(key, bucket)
            return granted ? nil : (1 - bucket.tokens) / ratePerSecond
        }
    }
}

/// Requests in flight per caller: an entry only while the caller has one (at most as many entries
/// as requests being answered).
final class InFlightRequests: Sendable {
    let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = max(1, limit) }

    /// Counts a request of `key` in; false (and nothing counted) when `key` has `limit` already.
    func enter(_ key: String) -> Bool {
        counts.withLock { counts in
            let now = counts[key, default: 0]
            guard now < limit else { return false }
            counts[key] = now + 1
            return true
        }
    }

    /// Counts a request of `key` out.
    func leave(_ key: String) {
        counts.withLock { counts in
            let now = counts[key, default: 1] - 1
            counts[key] = now > 0 ? now : nil
        }
    }

    /// Requests in flight for `key` (tests).
    func count(_ key: String) -> Int { counts.withLock { $0[key, default: 0] } }
}
