extension Delivery {
    /// The header that marks a sample sent with `rapport send-test`.
    public static let testHeader = (name: "X-Rapport-Test", value: "yes")

    /// This message as a sample for a reviewer: addressed to `reviewer` instead of the customer,
    /// the subject prefixed `[TEST] `, marked with `X-Rapport-Test: yes`, and with a Message-ID of
    /// its own made from `nonce`. The own Message-ID matters: an HTTP API derives its
    /// Idempotency-Key from it, and would otherwise drop the customer's real message later as a
    /// repeat of the sample.
    public func testSample(to reviewer: EmailAddress, nonce: String) -> Delivery {
        var sample = self
        sample.message.to = .email(Mailbox(address: reviewer))
        sample.message.subject = "[TEST] " + message.subject
        sample.message.extraHeaders.append(Self.testHeader)
        sample.message.messageID = MessageID(rawValue: "test-\(nonce).\(message.messageID.value)")
        return sample
    }
}
