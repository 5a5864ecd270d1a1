public import FerruleCore

extension ShutdownSignals {
    /// Closes `consumer` on the first SIGTERM or SIGINT: commits in flight finish, the consumer
    /// leaves its group, and ``KafkaConsumer/next()`` returns `nil`, so a long-running command
    /// ends its loop and exits 0. `received` is called first with the signal's number.
    public convenience init(closing consumer: KafkaConsumer, received: @escaping @Sendable (Int32) -> Void = { _ in }) {
        self.init { number in
            received(number)
            Task { await consumer.close() }
        }
    }
}
