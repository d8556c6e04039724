extension Duration {
    /// Whole milliseconds, rounded up so a positive limit never becomes libcurl's "no limit" (0).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let (wholeMilliseconds, remainder) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000_000_000)
        return Int(seconds) * 1000 + Int(wholeMilliseconds) + (remainder > 0 ? 1 : 0)
    }
}
