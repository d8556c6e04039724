import Foundation

/// Whether messaging made a difference: the goal conversion rate of messaged customers against
/// the campaign's held-out control group, their difference, and a 95% confidence interval for it
/// (normal approximation for two independent proportions), so a small group's noise is not read
/// as an effect.
public struct ConversionLift: Sendable, Equatable {
    public var messaged: Int
    public var messagedConverted: Int
    public var heldOut: Int
    public var heldOutConverted: Int

    public init(messaged: Int, messagedConverted: Int, heldOut: Int, heldOutConverted: Int) {
        self.messaged = messaged
        self.messagedConverted = messagedConverted
        self.heldOut = heldOut
        self.heldOutConverted = heldOutConverted
    }

    public var messagedRate: Double? { messaged > 0 ? Double(messagedConverted) / Double(messaged) : nil }
    public var heldOutRate: Double? { heldOut > 0 ? Double(heldOutConverted) / Double(heldOut) : nil }

    /// Messaged rate minus held-out rate; nil while either group is empty.
    public var difference: Double? {
        guard let messagedRate, let heldOutRate else { return nil }
        return messagedRate - heldOutRate
    }

    /// difference ± 1.96 standard errors; an interval that contains 0 shows no clear effect yet.
    public var confidenceInterval95: ClosedRange<Double>? {
        guard let messagedRate, let heldOutRate, let difference else { return nil }
        let variance =
            messagedRate * (1 - messagedRate) / Double(messaged) + heldOutRate * (1 - heldOutRate) / Double(heldOut)
        let margin = 1.96 * variance.squareRoot()
        return (difference - margin)...(difference + margin)
    }
}
