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

        // A minute later, outside the scan window: a person changing their mind.
        try await fixture.run(at: ServerFixture.now.addingTimeInterval(60)) { client in
            let changed = try await client.execute(uri: "/nps/\(token)?score=10", method: .get)
            #expect(changed.text.contains("Bạn đã chọn 10 trên 10."))
        }
        customer = try #require(try fixture.store.customer(id: "C1"))
        #expect(customer.attributes["nps_category"] == .string("promoter"))
        #expect(try fixture.count("SELECT COUNT(*) FROM nps_answers") == 1)
        #expect(try fixture.count("SELECT score FROM nps_answers") == 10)
        #expect(try fixture.count("SELECT COUNT(*) FROM events WHERE kind = 'nps_answer'") == 1)
    }

    /// Issue 13: a link scanner fetched all eleven score links and stored the last (10, promoter),
    /// which brought the promoter follow-up. Score links of one survey fetched within
    /// `links.nps_scan_window` of each other are a sweep: none counts, each is kept as discarded,
    /// and a person's later single click — or the page's form — is the answer.
    @Test("A scanner's sweep of all eleven links answers nothing; a later click or the form does")
    func scannerSweep() async throws {
        let fixture = try ServerFixture()
        try fixture.addCustomer("C1", firstName: "Lan", locale: "vi")
        let token = fixture.token(.nps, customer: "C1", expiresAt: ServerFixture.now.addingTimeInterval(86_400))
        try await fixture.run { client in
            for score in 0...10 {
                let page = try await client.execute(uri: "/nps/\(token)?score=\(score)", method: .get)
                #expect(page.status == .ok)
                if score > 0 { #expect(!page.text.contains("checked"), "score \(score): \(page.text)") }
            }
        }
        #expect(try fixture.count("SELECT COUNT(*) FROM nps_answers") == 0)
        #expect(try fixture.count("SELECT COUNT(*) FROM events WHERE kind = 'nps_answer'") == 0)
        #expect(try fixture.count("SELECT COUNT(*) FROM nps_link_fetches WHERE discarded = 1") == 11)
        let swept = try #require(try fixture.store.customer(id: "C1"))
        #expect(swept.attributes["nps_score"] == nil)
        #expect(swept.attributes["nps_category"] == nil)

        // The person clicks 8 five minutes later: that is the answer.
        try await fixture.run(at: ServerFixture.now.addingTimeInterval(300)) { client in
            let page = try await client.execute(uri: "/nps/\(token)?score=8", method: .get)
            #expect(page.text.contains("Bạn đã chọn 8 trên 10."))
        }
        #expect(try fixture.count("SELECT score FROM nps_answers") == 8)
        #expect(try fixture.count("SELECT COUNT(*) FROM events WHERE kind = 'nps_answer'") == 1)
        #expect(try fixture.store.customer(id: "C1")?.attributes["nps_category"] == .string("passive"))

        // A sweep after the answer puts it back as it was; the form still answers within a sweep.
        try await fixture.run(at: ServerFixture.now.addingTimeInterval(3_600)) { client in
            for score in [0, 10] { _ = try await client.execute(uri: "/nps/\(token)?score=\(score)", method: .get) }
        }
        #expect(try fixture.count("SELECT score FROM nps_answers") == 8)
        try await fixture.run(at: ServerFixture.now.addingTimeInterval(3_601)) { client in
            let posted = try await client.execute(
                uri: "/nps/\(token)?score=10", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "score=9"))
            #expect(posted.text.contains("Bạn đã chọn 9 trên 10."))
        }
        #expect(try fixture.count("SELECT score FROM nps_answers") == 9)
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
