import Foundation
import RapportCore

extension String {
    /// The text with every secret, and the base64 forms a server may echo back (SMTP AUTH LOGIN
    /// sends each in base64, AUTH PLAIN both together), replaced by `<redacted>`; for replies
    /// that reach the ledger and the log.
    func redacting(_ secrets: [String]) -> String {
        let forms = secrets.filter { $0.count >= 3 }.flatMap { [$0, Data($0.utf8).base64EncodedString()] }
        return forms.sorted { $0.count > $1.count }.reduce(self) { text, secret in
            text.replacingOccurrences(of: secret, with: "<redacted>")
        }
    }
}

extension Result<TransportReceipt, TransportError> {
    /// The same outcome with `secrets` taken out of the server's reply.
    func redacting(_ secrets: [String]) -> Self {
        guard !secrets.isEmpty else { return self }
        switch self {
        case .success(var receipt):
            receipt.reply = receipt.reply.redacting(secrets)
            return .success(receipt)
        case .failure(var error):
            error.reply = error.reply.redacting(secrets)
            return .failure(error)
        }
    }
}
