import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import Testing

@Suite("NPS answer pages over real HTTP")
struct SurveyPageTests {
    @Test("A score link stores the answer, sets nps_score and nps_category, and records one nps_answer event")
    func scoreLink() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1", firstName: "Lan", locale: "vi")
        let token = fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(86_400))
        try await fixture.run { client in
            let page = try await client.execute(uri: "/nps/\(token)?score=3", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<html lang=\"vi\">"))
            #expect(page.text.contains("Bạn đã chọn 3 trên 10."))
            #expect(page.text.contains("value=\"3\" checked"))
            #expect(page.text.contains("<label for=\"comment\">"))
        }
        var customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.attributes["nps_score"] == .number(3))
        #expect(customer.attributes["nps_category"] == .string("detractor"))

        try await fixture.run { client in
            let changed = try await client.execute(uri: "/nps/\(token)?score=10", method: .get)
            #expect(changed.text.contains("Bạn đã chọn 10 trên 10."))
        }
        customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.attributes["nps_category"] == .string("promoter"))
        #expect(try fixture.count("SELECT COUNT(*) FROM nps_answers") == 1)
        #expect(try fixture.count("SELECT score FROM nps_answers") == 10)
        #expect(try fixture.count("SELECT COUNT(*) FROM events WHERE kind = 'nps_answer'") == 1)
    }

    @Test("The comment form changes the score and keeps the comment; English for an English locale")
    func commentForm() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1", firstName: "Ann", locale: "en-GB")
        let token = fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(86_400))
        try await fixture.run { client in
            _ = try await client.execute(uri: "/nps/\(token)?score=6", method: .get)
            let posted = try await client.execute(
                uri: "/nps/\(token)?score=6", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "score=7&comment=Giao+h%C3%A0ng+nhanh+%3Cb%3Etuy%E1%BB%87t%3C%2Fb%3E"))
            #expect(posted.status == .ok)
            #expect(posted.text.contains("You picked 7 out of 10."))
            #expect(posted.text.contains("Your answer is saved."))
            #expect(posted.text.contains("Giao hàng nhanh &lt;b&gt;tuyệt&lt;/b&gt;</textarea>"))
        }
        let answer = try #require(
            try fixture.store.surveyAnswer(
                customerID: "C1", campaignID: "nps", occurrence: OccurrenceKey(rawValue: "interaction:1")))
        #expect(answer.score == 7)
        #expect(answer.comment == "Giao hàng nhanh <b>tuyệt</b>")
    }

    @Test("Expired, forged, wrong-purpose, unknown-customer and malformed links all get the same 404 page")
    func invalidLinks() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1")
        let valid = fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(86_400))
        let expired = fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(-1))
        let unsubscribe = fixture.token(.unsubscribe, customer: "C1")
        let unknown = fixture.token(.nps, customer: "C404", expiresAt: ServerFixture.now.addingTimeInterval(86_400))
        let forged = String(valid.dropLast(2)) + (valid.hasSuffix("AA") ? "BA" : "AA")
        let before = try fixture.snapshot()
        try await fixture.run { client in
            var bodies: Set<String> = []
            for token in [expired, unsubscribe, unknown, forged, "v1.nonsense", "%3Cscript%3E"] {
                let response = try await client.execute(uri: "/nps/\(token)?score=9", method: .get)
                #expect(response.status == .notFound, "\(token)")
                bodies.insert(response.text)
            }
            #expect(bodies.count == 1)
            let badScore = try await client.execute(uri: "/nps/\(valid)?score=11", method: .get)
            #expect(badScore.status == .badRequest)
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test("A customer named <script>{{x}}</script> shows escaped and literal on the survey page")
    func hostileName() async throws {
        let fixture = try ServerFixture()
        var patch = CustomerPatch(id: "C1")
        patch.email = "x@example.vn"
        patch.firstName = "<script>{{x}}</script>"
        patch.locale = "en"
        _ = try fixture.store.upsert([patch], at: ServerFixture.now)
        let nps = fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(86_400))
        try await fixture.run { client in
            let page = try await client.execute(uri: "/nps/\(nps)?score=9", method: .get)
            #expect(page.text.contains("Thank you, &lt;script&gt;{{x}}&lt;/script&gt;!"))
            #expect(!page.text.contains("<script>"))
        }
    }
}
