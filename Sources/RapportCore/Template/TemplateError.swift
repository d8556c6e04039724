/// A template that cannot be used, or cannot be rendered for one customer.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable {
            case syntax, unknownField, missingValue, unescapedValue, tooLong, missingPartial, unreadableValue
        }

        private let value: Value

        /// The Mustache text does not parse.
        public static let syntax = Code(value: .syntax)
        /// A tag names a field no customer has.
        public static let unknownField = Code(value: .unknownField)
        /// This customer lacks a field the template uses without a fallback.
        public static let missingValue = Code(value: .missingValue)
        /// An HTML part writes a value unescaped (`{{{name}}}`, `{{&name}}`): customer data could
        /// become markup.
        public static let unescapedValue = Code(value: .unescapedValue)
        /// This customer's value is longer than the channel allows (a ZNS parameter).
        public static let tooLong = Code(value: .tooLong)
        /// `{{> name}}` names no file in the campaigns folder's `partials/`.
        public static let missingPartial = Code(value: .missingPartial)
        /// `{{#date}}` or `{{#money}}` holds a value that is no date or amount for this message.
        public static let unreadableValue = Code(value: .unreadableValue)
    }

    public var code: Code
    public var location: SourceLocation
    /// The field the template names, when the error is about one.
    public var field: String?
    public var message: String

    public init(_ code: Code, at location: SourceLocation, field: String? = nil, message: String) {
        self.code = code
        self.location = location
        self.field = field
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
