// MARK: - The page's CSS and its one optional script, served by the binary

enum StatusPageStyle {
    /// Readable on a phone (one column, tables scroll sideways), colours always paired with text.
    static let css = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;\
        --work:#0969da;--idle:#6e7781}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:72rem;padding:1rem;font:16px/1.45 system-ui,-apple-system,"Segoe UI",\
        sans-serif;color:var(--fg);background:var(--bg)}
        h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid \
        var(--line)}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
        a{color:var(--work)}code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
        pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:.85rem;white-space:pre-wrap}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.4rem 0}
        caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#f6f8fa}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
        dt{font-weight:600;color:var(--muted)}dd{margin:0}
        .state{display:inline-block;padding:0 .4rem;border-radius:.6rem;border:1px solid;white-space:nowrap}
        .s-ready,.yes{color:var(--ok)}.s-baking,.s-rollingout,.s-active{color:var(--work)}
        .s-waiting,.s-drift,.s-standby{color:var(--warn)}.s-failed,.s-stalled,.no{color:var(--bad)}
        .s-retired,.s-unknown{color:var(--idle)}.muted{color:var(--muted);font-weight:400}
        svg{max-width:100%;height:auto}svg text{font:13px system-ui,sans-serif}
        nav{margin-bottom:.5rem}
        @media (max-width:40rem){body{padding:.6rem;font-size:15px}dl{grid-template-columns:1fr}\
        dt{margin-top:.4rem}}
        """

    /// Polls `/api/status` and reloads when the status commit or the last cycle changed; the page works without it.
    static let refreshScript = """
        <script>
        (function(){var b=document.body,k=b.getAttribute("data-version");
        setInterval(function(){fetch("/api/status",{credentials:"same-origin"}).then(function(r){return r.json()})
        .then(function(s){if((s.statusCommit||"")+"|"+(s.daemon.lastCycleAt||"")!==k){location.reload()}})
        .catch(function(){})},15000)})();
        </script>
        """

    /// The mark shown before a state's name.
    static func mark(_ state: String) -> String {
        switch state {
        case "Ready", "active": "✔"
        case "Baking": "●"
        case "RollingOut": "➜"
        case "Waiting", "standby": "…"
        case "Failed", "Stalled": "✖"
        case "Drift": "!"
        default: "○"
        }
    }

    /// The SVG fill of a state.
    static func colour(_ state: String) -> String {
        switch state {
        case "Ready": "#dafbe1"
        case "Baking", "RollingOut": "#ddf4ff"
        case "Waiting", "Drift": "#fff8c5"
        case "Failed", "Stalled": "#ffebe9"
        default: "#eaeef2"
        }
    }
}
