import Testing

@testable import EmporiumServer

@Suite("Content-Type of GraphQL POSTs")
struct ContentTypeTests {
    @Test(
        "JSON media types are accepted in any case, with parameters and spaces",
        arguments: [
            "application/json", "application/json; charset=utf-8", "Application/JSON",
            " application/json ;charset=UTF-8",
            "\tapplication/json\t", "application/graphql-response+json", "APPLICATION/GRAPHQL-RESPONSE+JSON; q=1",
        ])
    func accepted(_ contentType: String) {
        #expect(Engine.isJSON(contentType))
    }

    @Test(
        "other media types, prefixes and look-alikes are refused",
        arguments: [
            "", ";", "text/plain", "application/jsonx", "application/jso", "xapplication/json", "application/ json",
            "application/json-patch+json", "multipart/form-data; boundary=application/json", "application/jsön",
        ])
    func refused(_ contentType: String) {
        #expect(!Engine.isJSON(contentType))
    }

    @Test("a missing Content-Type is refused")
    func missing() {
        #expect(!Engine.isJSON(nil))
    }
}
