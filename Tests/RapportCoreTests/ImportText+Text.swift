import RapportCore

extension ImportText {
    /// A file holding `text` as UTF-8, as the import commands read one.
    init(_ text: String) { self.init(Array(text.utf8)) }
}
