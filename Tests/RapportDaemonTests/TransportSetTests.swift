import RapportConfig
import RapportCore
import RapportDaemon
import Testing

@Suite("TransportSet")
struct TransportSetTests {
    @Test("an http config becomes a transport; a bad one stops start-up as a configuration error")
    func httpTransport() throws {
        let transports = try TransportSet.make([
            "sms": .http(HTTPConfig(url: "https://api.telnyx.com/v2/messages", authorization: Secret("k")))
        ])
        #expect(transports.keys.sorted() == ["sms"])

        let error = #expect(throws: TransportError.self) {
            try TransportSet.make(["hook": .http(HTTPConfig(url: "http://hooks.example.com/rapport"))])
        }
        #expect(error?.code == .configuration)
    }
}
