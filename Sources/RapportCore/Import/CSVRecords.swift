/// Splits RFC 4180 CSV text into records, remembering the line each record starts on so import
/// errors can name it. Quoted fields may hold commas, quotes (`""`) and line breaks.
public struct CSVRecords: Sequence, Sendable {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        /// The line the record ends on: past `line` when a quoted field holds line breaks.
        public var lastLine: Int
    }

    public struct Malformed: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    private let text: String

    public init(_ text: String) {
        self.text = text
    }

    public func makeIterator() -> Iterator { Iterator(scalars: Array(text.unicodeScalars)) }

    public struct Iterator: IteratorProtocol {
        let scalars: [Unicode.Scalar]
        var position = 0
        var line = 1

        /// A record, or a `Malformed` error for an unterminated quote (the rest of the file).
        public mutating func next() -> Result<Record, Malformed>? {
            if position == 0, scalars.first == "\u{FEFF}" { position = 1 }
            while position < scalars.count, scalars[position] == "\n" || scalars[position] == "\r" {
                consumeLineBreak()
            }
            guard position < scalars.count else { return nil }
            let start = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false
            while position < scalars.count {
                let scalar = scalars[position]
                if quoted {
                    if scalar == "\"" {
                        if position + 1 < scalars.count, scalars[position + 1] == "\"" {
                            field.append("\"")
                            position += 2
                        } else {
                            quoted = false
                            position += 1
                        }
                    } else {
                        // A lone CR ends a line too, as outside quotes and in `ImportText`.
                        let next = position + 1 < scalars.count ? scalars[position + 1] : nil
                        if scalar == "\n" || (scalar == "\r" && next != "\n") { line += 1 }
                        field.append(scalar)
                        position += 1
                    }
                    continue
                }
                switch scalar {
                case "\"" where field.isEmpty:
                    quoted = true
                    position += 1
                case ",":
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                    position += 1
                case "\n", "\r":
                    let last = line
                    consumeLineBreak()
                    fields.append(String(field))
                    return .success(Record(line: start, fields: fields, lastLine: last))
                default:
                    field.append(scalar)
                    position += 1
                }
            }
            if quoted {
                return .failure(Malformed(line: start, message: "a quoted field is never closed"))
            }
            fields.append(String(field))
            return .success(Record(line: start, fields: fields, lastLine: line))
        }

        private mutating func consumeLineBreak() {
            if scalars[position] == "\r", position + 1 < scalars.count, scalars[position + 1] == "\n" {
                position += 1
            }
            position += 1
            line += 1
        }
    }
}
