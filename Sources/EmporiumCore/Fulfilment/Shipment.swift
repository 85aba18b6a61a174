/// A request to ship (part of) an order.
public struct ShipmentRequest: Sendable, Hashable {
    /// One shipped line.
    public struct Line: Sendable, Hashable {
        /// The variant's SKU.
        public var sku: String
        /// Units shipped, at least 1.
        public var quantity: Int

        /// Creates a line.
        public init(sku: String, quantity: Int) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// Where it goes.
    public struct Address: Sendable, Hashable {
        public var name: String
        public var line1: String
        public var line2: String?
        public var city: String
        public var postalCode: String
        /// ISO 3166-1 alpha-2.
        public var countryCode: String
        public var region: String?

        /// Creates an address.
        public init(
            name: String, line1: String, line2: String? = nil, city: String, postalCode: String, countryCode: String,
            region: String? = nil
        ) {
            self.name = name
            self.line1 = line1
            self.line2 = line2
            self.city = city
            self.postalCode = postalCode
            self.countryCode = countryCode
            self.region = region
        }
    }

    /// The order's number or id, for the provider's records.
    public var orderReference: String
    /// The rate chosen at checkout (`<plugin id>:<rate>`).
    public var rateID: String
    /// What is shipped.
    public var lines: [Line]
    /// The destination.
    public var destination: Address
    /// Retrying with the same key returns the same shipment.
    public var idempotencyKey: String

    /// Creates a request.
    public init(orderReference: String, rateID: String, lines: [Line], destination: Address, idempotencyKey: String) {
        self.orderReference = orderReference
        self.rateID = rateID
        self.lines = lines
        self.destination = destination
        self.idempotencyKey = idempotencyKey
    }
}

/// A shipment the provider created.
public struct Shipment: Sendable, Hashable {
    /// The provider's reference, used to track it.
    public var reference: String
    /// The carrier's tracking number, when known.
    public var trackingNumber: String?
    /// A page where the shopper can follow it.
    public var trackingURL: String?
    /// The carrier's name.
    public var carrier: String?

    /// Creates a shipment.
    public init(reference: String, trackingNumber: String? = nil, trackingURL: String? = nil, carrier: String? = nil) {
        self.reference = reference
        self.trackingNumber = trackingNumber
        self.trackingURL = trackingURL
        self.carrier = carrier
    }
}

/// Which shipment to track.
public struct TrackingRequest: Sendable, Hashable {
    /// The provider's reference from ``Shipment/reference``.
    public var reference: String

    /// Creates a request.
    public init(reference: String) { self.reference = reference }
}

/// Where a shipment is.
public struct TrackingStatus: Sendable, Hashable {
    /// The stages of a shipment.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        case pending = "PENDING"
        case inTransit = "IN_TRANSIT"
        case outForDelivery = "OUT_FOR_DELIVERY"
        case delivered = "DELIVERED"
        case exception = "EXCEPTION"
        case returned = "RETURNED"
    }

    /// One scan or status change.
    public struct Event: Sendable, Hashable {
        /// When, as ISO 8601 in UTC.
        public var at: String
        public var stage: Stage
        /// The carrier's words.
        public var description: String

        /// Creates an event.
        public init(at: String, stage: Stage, description: String) {
            self.at = at
            self.stage = stage
            self.description = description
        }
    }

    /// The current stage.
    public var stage: Stage
    /// The history, oldest first.
    public var events: [Event]

    /// Creates a status.
    public init(stage: Stage, events: [Event]) {
        self.stage = stage
        self.events = events
    }
}
