import RapportCore

/// The frame of every customer-facing page: one self-contained HTML document, readable without
/// JavaScript or remote styles, with visible focus and text contrast above WCAG AA.
enum PageLayout {
    /// `title` is plain text; `body` is markup already escaped by the page that built it.
    static func document(language: PageLanguage, title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="\(language.tag)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(HTMLText.escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; color: #111; background: #fff; line-height: 1.5;
               max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.5rem; }
        fieldset { border: 1px solid #555; border-radius: 4px; margin: 1rem 0; }
        .scores label { display: inline-block; margin: .2rem; padding: .3rem .6rem; border: 1px solid #555;
                        border-radius: 4px; }
        textarea { width: 100%; min-height: 6rem; font: inherit; }
        button { font: inherit; padding: .6rem 1.2rem; background: #0b5394; color: #fff; border: 0; border-radius: 4px; }
        a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid #b45f06; outline-offset: 2px; }
        .note { color: #333; }
        </style>
        </head>
        <body>
        <main>
        <h1>\(HTMLText.escape(title))</h1>
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
