extension KafkaConsumer {
    /// The records as an async sequence (``KafkaConsumer/next()`` in a loop); ends at close.
    public var records: Records { Records(consumer: self) }

    /// The consumer's records as an `AsyncSequence` with typed errors.
    public struct Records: AsyncSequence, Sendable {
        public typealias Element = KafkaRecord
        public typealias Failure = KafkaError
        let consumer: KafkaConsumer

        public func makeAsyncIterator() -> Iterator { Iterator(consumer: consumer) }

        /// Iterates by calling ``KafkaConsumer/next()``.
        public struct Iterator: AsyncIteratorProtocol {
            public typealias Element = KafkaRecord
            public typealias Failure = KafkaError
            let consumer: KafkaConsumer

            public mutating func next() async throws(KafkaError) -> KafkaRecord? {
                try await consumer.next()
            }

            public mutating func next(isolation actor: isolated (any Actor)?) async throws(KafkaError) -> KafkaRecord? {
                try await consumer.next()
            }
        }
    }
}
