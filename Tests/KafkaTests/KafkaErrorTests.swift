import CRdKafka
import Foundation
import Testing

@testable import Kafka

@Suite("Kafka errors and state")
struct KafkaErrorTests {
    @Test("librdkafka's codes map to the kinds callers act on")
    func kinds() {
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) == .brokerDown)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR__TRANSPORT) == .transport)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR__RESOLVE) == .transport)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) == .unknownTopic)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC) == .unknownTopic)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR__AUTHENTICATION) == .authentication)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED) == .authentication)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) == .authentication)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR__FATAL) == .fatal)
        #expect(KafkaError.Kind(code: RD_KAFKA_RESP_ERR_NOT_COORDINATOR) == .other)
    }

    @Test("an error says where, what failed, what next, and librdkafka's words with its code name")
    func text() {
        let down = KafkaError(
            code: RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            context: "127.0.0.1:9 topic voltha.events group ferrule",
            detail: "1/1 brokers are down"
        )
        #expect(
            down.description
                == "kafka 127.0.0.1:9 topic voltha.events group ferrule: no broker is reachable; is Kafka running and "
                + "reachable from here? librdkafka reconnects by itself (1/1 brokers are down) [_ALL_BROKERS_DOWN]"
        )
        let topic = KafkaError(
            code: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            context: "k:9092 topic voltha.event group ferrule",
            detail: "Subscribed topic not available: voltha.event: Broker: Unknown topic or partition"
        )
        #expect(topic.description.contains("the topic does not exist; check --topic"))
        #expect(topic.description.hasSuffix("[UNKNOWN_TOPIC_OR_PART]"))
        let escaped = KafkaError(kind: .other, context: "k:1", detail: "bad\u{1B}[2Jbyte")
        #expect(escaped.description.contains("bad\\u{1B}[2Jbyte"))
    }

    @Test("the connection state reads as status, since when, partitions, outages and the problem")
    func stateText() {
        let since = Date(timeIntervalSince1970: 1_796_461_200)  // 2026-12-05T09:00:00Z
        let state = KafkaConnectionState(
            status: .down,
            since: since,
            problem: KafkaError(kind: .brokerDown, context: "k:9092", detail: "Connection refused"),
            outages: 2,
            lastOutageStart: since,
            assignment: [0]
        )
        #expect(
            state.description
                == "down since 2026-12-05T09:00:00Z, partitions 0, 2 outages: kafka k:9092: no broker is reachable; "
                + "is Kafka running and reachable from here? librdkafka reconnects by itself (Connection refused)"
        )
    }

    @Test("broker states are read from librdkafka's statistics JSON")
    func statistics() throws {
        let json = """
            {"name":"ferrule#consumer-1","type":"consumer","brokers":{
              "127.0.0.1:9092/bootstrap":{"name":"127.0.0.1:9092/bootstrap","nodeid":-1,"state":"INIT"},
              "127.0.0.1:9092/111":{"name":"127.0.0.1:9092/111","nodeid":111,"state":"UP"}},"topics":{}}
            """
        let states = try #require(KafkaStatistics.brokerStates(Array(json.utf8)))
        #expect(states.up == 1 && states.total == 2)
        #expect(KafkaStatistics.brokerStates(Array("{\"brokers\":".utf8)) == nil)
    }

    @Test("the record queue is bounded by count and bytes, and an oversized record still fits an empty queue")
    func recordQueue() {
        func record(_ offset: Int64, partition: Int32 = 0, size: Int = 10) -> KafkaRecord {
            KafkaRecord(
                topic: "t",
                partition: partition,
                offset: offset,
                key: nil,
                value: Array(repeating: 0, count: size)
            )
        }
        var queue = RecordQueue(capacity: 3, byteLimit: 25)
        queue.append(record(0))
        queue.append(record(1))
        #expect(queue.hasRoom)
        queue.append(record(2))
        #expect(!queue.hasRoom)  // 3 records and 30 bytes
        #expect(queue.popFirst()?.offset == 0)
        #expect(queue.hasRoom)  // 2 records, 20 bytes: room again
        var big = RecordQueue(capacity: 3, byteLimit: 25)
        big.append(record(0, size: 100))
        #expect(!big.hasRoom)
        #expect(big.popFirst()?.offset == 0)
        #expect(big.hasRoom)

        var mixed = RecordQueue(capacity: 8, byteLimit: 1000)
        for offset in 0..<6 { mixed.append(record(Int64(offset), partition: Int32(offset % 2))) }
        mixed.removeRecords(of: "t", partitions: [1])
        var left: [Int64] = []
        while let next = mixed.popFirst() { left.append(next.offset) }
        #expect(left == [0, 2, 4])
    }
}
