import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import Testing

@Suite("Unsubscribe (RFC 8058) over real HTTP")
struct UnsubscribePageTests {
    @Test("GET only shows the choices: a mail scanner following the link unsubscribes no one")
    func getChangesNothing() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1", locale: "vi")
        let before = try fixture.snapshot()
        try await fixture.run { client in
            let page = try await client.execute(uri: "/u/\(fixture.token(.unsubscribe, customer: "C1"))", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<form method=\"post\">"))
            #expect(page.text.contains("<label for=\"marketing\">Ưu đãi, tin tức và lời nhắc</label>"))
            #expect(page.text.contains("c1@example.vn"))
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("One-click POST with exactly List-Unsubscribe=One-Click and no cookies unsubscribes, idempotently")
    func oneClick() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1")
        let token = fixture.token(.unsubscribe, customer: "C1")
        try await fixture.run { client in
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/u/\(token)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(response.status == .ok)
            }
        }
        let customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.unsubscribedCategories == [.marketing, .survey])
        #expect(!customer.accepts(.marketing) && !customer.accepts(.survey) && customer.accepts(.transactional))
        #expect(try fixture.count("SELECT COUNT(*) FROM message_events WHERE kind = 'unsubscribe'") == 1)
    }

    /// RFC 8058 names `multipart/form-data` beside urlencoded; some mail providers send it.
    @Test(
        "One-click as multipart/form-data unsubscribes too",
        arguments: [
            "multipart/form-data; boundary=----rapport7MA4YWxk",
            #"multipart/form-data; charset=utf-8; boundary="----rapport7MA4YWxk""#,
        ])
    func oneClickMultipart(contentType: String) async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1")
        let body =
            "------rapport7MA4YWxk\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n"
            + "------rapport7MA4YWxk--\r\n"
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/u/\(fixture.token(.unsubscribe, customer: "C1"))", method: .post,
                headers: [.contentType: contentType], body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(response.text == "unsubscribed\n")
        }
        let customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.unsubscribedCategories == [.marketing, .survey])
        #expect(try fixture.count("SELECT COUNT(*) FROM message_events WHERE kind = 'unsubscribe'") == 1)
    }

    @Test("A multipart body without List-Unsubscribe=One-Click is refused and changes nothing")
    func multipartWithoutOneClick() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1")
        let before = try fixture.snapshot()
        let body =
            "--b1\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nNot-Now\r\n--b1--\r\n"
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/u/\(fixture.token(.unsubscribe, customer: "C1"))", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=b1"], body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("The page's form declines only the categories ticked")
    func perCategory() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1", locale: "en")
        try await fixture.run { client in
            let saved = try await client.execute(
                uri: "/u/\(fixture.token(.unsubscribe, customer: "C1"))", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "category=survey&confirm=yes"))
            #expect(saved.status == .ok)
            #expect(saved.text.contains("Your choice is saved."))
            #expect(saved.text.contains("<li>Surveys</li>"))
        }
        let customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.unsubscribedCategories == [.survey])
        #expect(customer.accepts(.marketing))
    }

    @Test("An invalid unsubscribe token, or a survey token used here, gets the invalid-link page and changes nothing")
    func invalidToken() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1")
        let before = try fixture.snapshot()
        try await fixture.run { client in
            for token in [
                fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(86_400)),
                "v1.abc.def",
            ] {
                let response = try await client.execute(
                    uri: "/u/\(token)", method: .post, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(response.status == .notFound)
            }
        }
        #expect(try fixture.snapshot() == before)
    }
}
