import Testing

@testable import Kafka

@Suite("Kafka configuration: several topics (events run --onos)")
struct KafkaTopicsTests {
    @Test("additional topics follow the main one, each once; errors and logs name them all")
    func topics() throws {
        var configuration = try KafkaConfiguration.parse(brokers: "k:9092", topic: nil, group: nil, properties: [])
        #expect(configuration.topics == ["voltha.events"])
        #expect(configuration.context == "k:9092 topic voltha.events group ferrule")
        configuration.additionalTopics = ["onu.events", "dhcp.events", "onu.events", "voltha.events"]
        #expect(configuration.topics == ["voltha.events", "onu.events", "dhcp.events"])
        #expect(configuration.context == "k:9092 topics voltha.events,onu.events,dhcp.events group ferrule")
        try configuration.check()
    }

    @Test("an illegal additional topic name is refused like --topic")
    func illegal() throws {
        var configuration = try KafkaConfiguration.parse(brokers: "k:9092", topic: nil, group: nil, properties: [])
        configuration.additionalTopics = ["onu events"]
        #expect(throws: KafkaError.self) { try configuration.check() }
        do {
            try configuration.check()
        } catch {
            #expect(error.description.contains("topic \"onu events\""), "\(error)")
        }
    }
}
