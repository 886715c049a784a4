/// The frame around every page: head, navigation, Ferry's own style sheet (inline, so that a page
/// and the one-file report need nothing from anywhere else) and, while work runs, a self-refresh.
enum PageLayout {
    static let template = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}">{{/refreshSeconds}}
        <title>{{title}} · Ferry</title>
        <style>{{{css}}}</style>
        </head>
        <body>
        <nav>{{#nav}}<a href="{{href}}">{{label}}</a>{{/nav}}</nav>
        <main>
        {{{body}}}
        </main>
        <footer>Ferry · {{generated}}{{#refreshSeconds}} · refreshes every {{refreshSeconds}} s while work runs{{/refreshSeconds}}</footer>
        </body>
        </html>
        """

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
        nav{background:#0b3d5c;padding:8px 16px}nav a{color:#fff;margin-right:16px;text-decoration:none;font-weight:600}
        main{padding:16px 24px}footer{color:#666;padding:8px 24px;font-size:12px;border-top:1px solid #ddd}
        h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:20px 0 8px}h2 small,h3 small{color:#666;font-weight:normal}
        a{color:#0969da}.problem{background:#ffebe9;border:1px solid #ff8182;padding:8px;border-radius:4px}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}.legend li{display:flex;align-items:center;gap:4px}
        .swatch{display:inline-block;width:12px;height:12px;border-radius:2px}
        .calendar{margin:8px 0}.calendar figcaption{font-weight:600}.month,.weekday,.tick{font-size:10px;fill:#57606a}
        table.rows{border-collapse:collapse;font-size:13px;margin:8px 0}table.rows th,table.rows td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
        table.rows th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}td.path{font-family:monospace;font-size:12px;word-break:break-all}
        tr.s-failed td{background:#fff1f0}.days a{margin-right:6px}.days a.still{font-weight:700;color:#cf222e}
        .chart .axis{stroke:#8c959f}.chart rect.total{fill:#54aeff}.chart rect.failed{fill:#cf222e}.chart rect.throttled{fill:#d4a72c}.chart .rate{fill:none;stroke:#1a7f37;stroke-width:2}
        section.report-page{border-top:2px solid #0b3d5c;margin-top:24px}
        """ + palette.map { ".\($0.css){fill:\($0.colour)}.swatch.\($0.css){background:\($0.colour)}" }.joined()

    /// Each status class's colour (``StatusStyle/cssClass(_:)``).
    static let palette: [(css: String, colour: String)] = [
        ("s-done", "#1a7f37"), ("s-processed", "#2da44e"), ("s-downloaded", "#54aeff"), ("s-skipped", "#d4a72c"),
        ("s-pending", "#bf8700"), ("s-failed", "#cf222e"), ("s-never", "#d8dee4"), ("s-other", "#8250df"),
    ]
}
