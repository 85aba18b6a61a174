/// The outcome of an authorisation, capture, void or refund: approved or declined, both values.
public enum PaymentResult: Sendable, Hashable {
    /// The gateway did it.
    case approved(PaymentApproval)
    /// The gateway refused; the decline's code is what the customer or merchant is told.
    case declined(PaymentDecline)

    /// The approval, or nil when declined.
    public var approval: PaymentApproval? {
        if case .approved(let approval) = self { return approval }
        return nil
    }

    /// The decline, or nil when approved.
    public var decline: PaymentDecline? {
        if case .declined(let decline) = self { return decline }
        return nil
    }
}
