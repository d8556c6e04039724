extension Int {
    /// Division rounding toward minus infinity, so instants before 1970 fall on the right day.
    func floorDivided(by divisor: Int) -> Int {
        (self - floorModulo(divisor)) / divisor
    }

    /// The remainder that is never negative (for a positive divisor).
    func floorModulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }

    /// Decimal digits with leading zeros up to `width`, as dates and times are written.
    func padded(_ width: Int) -> String {
        let digits = String(self)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
