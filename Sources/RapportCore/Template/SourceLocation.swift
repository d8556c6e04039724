/// Where something sits in an operator's file, for errors they can jump to.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location of a point inside a text that itself starts at `self`: template files start at
    /// 1:1, a template written inline in YAML starts where the value does.
    public func advanced(toLine line: Int, column: Int) -> SourceLocation {
        line == 1
            ? SourceLocation(file: file, line: self.line, column: self.column + column - 1)
            : SourceLocation(file: file, line: self.line + line - 1, column: column)
    }

    /// `file:line:column`, the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column)" }
}
