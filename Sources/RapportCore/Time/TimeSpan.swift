/// A duration written the way operators write it in campaign files: `90s`, `15m`, `1h`, `3d`, `2w`.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    /// Parses `<number><unit>` with unit s, m, h, d or w; nil for anything else.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharactersInWhitespace()
        guard let unit = trimmed.last, let amount = Int64(trimmed.dropLast()), amount >= 0 else { return nil }
        let multiplier: Int64
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3600
        case "d": multiplier = 86_400
        case "w": multiplier = 604_800
        // A year of 365 days, for retention ages (`events: 2y`).
        case "y": multiplier = 31_536_000
        default: return nil
        }
        self.seconds = amount * multiplier
    }

    public var timeInterval: Double { Double(seconds) }

    public var description: String {
        for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)]
        where seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
