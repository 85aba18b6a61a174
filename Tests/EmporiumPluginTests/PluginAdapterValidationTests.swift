import EmporiumCore
import Foundation
import Testing

@testable import EmporiumPluginHost

/// A plugin that answers every call with a fixed response or error.
private final class ScriptedPlugin: PluginCalling {
    let manifest: PluginManifest
    let answer: Result<String, PluginError>

    init(_ hooks: [String], answer: Result<String, PluginError>) {
        manifest = PluginManifest(
            id: "scripted", version: SemanticVersion("1.0.0")!, engineMinimum: SemanticVersion("0.1.0")!,
            engineLimit: SemanticVersion("2.0.0")!, hooks: hooks, configSchema: "{}", abiTag: "abi=1")
        self.answer = answer
    }

    func call(hook: String, request: [UInt8], timeout: Duration) async throws(PluginError) -> [UInt8] {
        Array(try answer.get().utf8)
    }

    func shutdown() {}
}

@Suite("Plugin adapters refuse malformed or inconsistent answers")
struct PluginAdapterValidationTests {
    static let usd = Money(minorUnits: 1500, currency: "USD")

    static func payments(_ json: String) -> PluginPaymentProvider {
        PluginPaymentProvider(
            plugin: ScriptedPlugin(["payment.authorize"], answer: .success(json)), timeout: .seconds(1))
    }

    static func catalog(_ json: String) -> PluginCatalogSource {
        PluginCatalogSource(plugin: ScriptedPlugin(["catalog.source"], answer: .success(json)), timeout: .seconds(1))
    }

    static let authorization = PaymentAuthorizationRequest(
        methodID: "scripted:card", token: "t", amount: usd, idempotencyKey: "k", orderReference: "o", now: 0)

    static func code(_ body: () async throws(ExtensionPointError) -> Void) async -> ExtensionPointError? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test("payment answers that contradict the request or the schema")
    func payments() async {
        let cases = [
            #"{"status":"approved","paymentReference":"p","transactionReference":"t","amount":{"minorUnits":1,"currency":"USD"}}"#,
            #"{"status":"approved","paymentReference":"p","transactionReference":"t"}"#,
            #"{"status":"maybe"}"#,
            #"{"status":"declined","code":"declined lowercase","message":"m"}"#,
        ]
        for json in cases {
            let error = await Self.code { () async throws(ExtensionPointError) in
                _ = try await Self.payments(json).authorize(Self.authorization)
            }
            #expect(error?.code == .malformedResponse, "\(json)")
            #expect(error?.description.hasPrefix("payment provider scripted: payment.authorize answered with") == true)
        }
        let methods = await Self.code { () async throws(ExtensionPointError) in
            _ = try await Self.payments(#"{"methods":[{"id":"other:card","name":"Card"}]}"#).methods(
                PaymentMethodsRequest(channel: nil, amount: Self.usd))
        }
        #expect(methods?.description.contains("not of the form scripted:<method>") == true)
        let capture = await Self.code { () async throws(ExtensionPointError) in
            _ = try await Self.payments(
                #"{"status":"approved","paymentReference":"p","transactionReference":"t","amount":{"minorUnits":1000,"currency":"USD"}}"#
            ).capture(
                PaymentOperationRequest(
                    paymentReference: "p", amount: nil, idempotencyKey: "k",
                    state: PaymentState(authorized: Self.usd, capturedMinorUnits: 1000), now: 0))
        }
        #expect(capture?.code == .malformedResponse)
    }

    @Test("a host failure maps to the extension error's code, the plugin's words kept for the log")
    func failures() async {
        for (pluginError, code) in [
            (PluginError(.timeout, plugin: "scripted", "slow"), ExtensionPointError.Code.timedOut),
            (PluginError(.callFailed, plugin: "scripted", "boom"), .failed),
            (PluginError(.invalidRequest, plugin: "scripted", "line 3: bad"), .rejectedRequest),
        ] {
            let provider = PluginPaymentProvider(
                plugin: ScriptedPlugin(["payment.authorize"], answer: .failure(pluginError)), timeout: .seconds(1))
            let error = await Self.code { () async throws(ExtensionPointError) in
                _ = try await provider.authorize(Self.authorization)
            }
            #expect(error?.code == code)
            #expect(error?.debugDescription.contains(pluginError.description) == true)
        }
    }

    @Test("catalog pages that break the rules")
    func catalogPages() async {
        let variant = #"{"sku":"A-1","name":"A","prices":[{"channel":"web-us","amount":100}]}"#
        let cases = [
            (#"{"products":[],"nextCursor":"1"}"#, "does not move on"),
            (#"{"products":[{"slug":"a","name":"A","variants":[\#(variant),\#(variant)]}]}"#, "twice in the page"),
            (
                #"{"products":[{"slug":"a","name":"A","variants":[{"sku":"B","name":"B","prices":[{"channel":"web-us","amount":-1}]}]}]}"#,
                "amount"
            ),
            (#"{"products":[{"slug":"A b","name":"A","variants":[\#(variant)]}]}"#, "not a lower-case slug"),
            (#"{"products":[{"slug":"a","name":"A","variants":[]}]}"#, "has none"),
            (
                #"{"products":[{"slug":"a","name":"A","variants":[\#(variant)]},{"slug":"b","name":"B","variants":[{"sku":"B-1","name":"B"}]}]}"#,
                "2 products for a page of 1"
            ),
        ]
        for (json, words) in cases {
            let error = await Self.code { () async throws(ExtensionPointError) in
                _ = try await Self.catalog(json).page(CatalogSourceRequest(location: "x", cursor: nil, pageSize: 1))
            }
            #expect(error?.code == .malformedResponse, "\(json)")
            #expect(error?.description.contains(words) == true, "\(error?.description ?? "accepted"): \(words)")
        }
    }
    @Test("cart-rule and fulfilment answers that break the rules")
    func cartAndFulfilment() async {
        let cart = CartValidationRequest(lines: [.init(sku: "A", quantity: 1)])
        for json in [
            #"{"errors":[{"code":"bad code","message":"m"}]}"#,
            #"{"errors":[{"code":"LIMIT","message":"m","field":["lines","3"]}]}"#,
            #"{"errors":[{"code":"LIMIT","message":"m","field":["email"]}]}"#,
            #"{"errors":[{"code":"LIMIT"}]}"#,
        ] {
            let rule = PluginCartRule(
                plugin: ScriptedPlugin(["cart.validate"], answer: .success(json)), timeout: .seconds(1))
            let error = await Self.code { () async throws(ExtensionPointError) in _ = try await rule.validate(cart) }
            #expect(error?.code == .malformedResponse, "\(json)")
        }
        let request = ShippingRateRequest(subtotal: Self.usd, totalWeightGrams: 0, destinationCountry: "US")
        for json in [
            #"{"rates":[{"id":"other:standard","name":"S","price":{"minorUnits":1,"currency":"USD"}}]}"#,
            #"{"rates":[{"id":"scripted:standard","name":"S","price":{"minorUnits":1,"currency":"EUR"}}]}"#,
            #"{"rates":[{"id":"scripted:standard","name":"S","price":{"minorUnits":-1,"currency":"USD"}}]}"#,
        ] {
            let provider = PluginFulfilmentProvider(
                plugin: ScriptedPlugin(["fulfilment.rates", "fulfilment.track"], answer: .success(json)),
                timeout: .seconds(1))
            let error = await Self.code { () async throws(ExtensionPointError) in _ = try await provider.rates(request)
            }
            #expect(error?.code == .malformedResponse, "\(json)")
        }
        let tracker = PluginFulfilmentProvider(
            plugin: ScriptedPlugin(["fulfilment.track"], answer: .success(#"{"stage":"LOST_AT_SEA","events":[]}"#)),
            timeout: .seconds(1))
        let error = await Self.code { () async throws(ExtensionPointError) in
            _ = try await tracker.track(TrackingRequest(reference: "r"))
        }
        #expect(error?.description.contains("stage \"LOST_AT_SEA\" not one of PENDING") == true)
    }
}
