/// Where one message goes: a mailbox for email transports, a phone number for SMS and Zalo.
public enum Recipient: Sendable, Equatable, CustomStringConvertible {
    case email(Mailbox)
    case phone(PhoneNumber)

    /// As the ledger and the suppression list hold it: the email address, or the E.164 number.
    public var address: String {
        switch self {
        case .email(let mailbox): mailbox.address.value
        case .phone(let phone): phone.e164
        }
    }

    public var mailbox: Mailbox? {
        if case .email(let mailbox) = self { return mailbox }
        return nil
    }

    public var phone: PhoneNumber? {
        if case .phone(let phone) = self { return phone }
        return nil
    }

    public var description: String {
        switch self {
        case .email(let mailbox): mailbox.description
        case .phone(let phone): phone.e164
        }
    }
}

/// Which of a customer's addresses a transport sends to.
public enum AddressKind: String, Sendable, CaseIterable {
    case email
    case phone
}
