/** The dashboard's one stylesheet: system fonts, high contrast (text #1b1f24 on white, links #0b4f9c: both above 7:1), a visible focus ring. */
export const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
a{color:#0b4f9c}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #b3470a;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.top{background:#12355b;color:#fff;padding:.6rem 1.25rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header.top a,header.top button.link{color:#fff}
.brand{font-weight:700;font-size:1.25rem;color:#fff;text-decoration:none}
.who{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap;font-size:.95rem}
.badge{background:#fdd663;color:#1b1f24;border-radius:3px;padding:0 .4rem;font-size:.8rem;font-weight:700;text-transform:uppercase}
nav.tabs{background:#fff;border-bottom:1px solid #c9ced6;padding:0 1.25rem}
nav.tabs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}
nav.tabs a{display:block;padding:.7rem .8rem;text-decoration:none;color:#1b1f24;border-bottom:3px solid transparent}
nav.tabs a[aria-current=page]{border-bottom-color:#0b4f9c;font-weight:700;color:#0b4f9c}
main{max-width:1100px;margin:0 auto;padding:1.25rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
section.card{background:#fff;border:1px solid #c9ced6;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
.hint{color:#4a5360;font-size:.9rem;margin:.1rem 0 .3rem}
input[type=text],input[type=email],input[type=password],input[type=url],input[type=search],input[type=datetime-local],select,textarea{font:inherit;padding:.45rem .55rem;border:1px solid #68717d;border-radius:4px;width:100%;max-width:32rem;background:#fff;color:#1b1f24}
textarea{min-height:5rem}
button,.button{font:inherit;font-weight:600;padding:.45rem .9rem;border-radius:4px;border:1px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#0b4f9c}
button.danger{background:#a3191b;border-color:#a3191b}
button.link{background:none;border:none;padding:0;text-decoration:underline;font-weight:400}
form.inline{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-top:.75rem}
.notice{border-left:5px solid #1d7a3a;background:#eaf6ee;padding:.6rem .9rem;margin-bottom:1rem}
.alert{border-left:5px solid #a3191b;background:#fbeaea;padding:.6rem .9rem;margin-bottom:1rem}
.warn{border-left:5px solid #b3470a;background:#fdf1e7;padding:.6rem .9rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #dde1e6;vertical-align:top}
th{background:#eef1f4}
.state{font-weight:700}
.state-running,.state-posted{color:#1d6b34}
.state-paused,.state-failed{color:#a3191b}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #c9ced6}
ol.timeline li{position:relative;padding:.2rem 0 .8rem 1.2rem}
ol.timeline li::before{content:"";position:absolute;left:-9px;top:.5rem;width:15px;height:15px;border-radius:50%;background:#fff;border:3px solid #68717d}
ol.timeline li.done::before{background:#1d6b34;border-color:#1d6b34}
ol.timeline li.failed::before{background:#a3191b;border-color:#a3191b}
ol.timeline li.current::before{background:#fdd663;border-color:#b3470a}
.muted{color:#4a5360}
.chart text{font-size:11px;fill:#1b1f24}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
code{background:#eef1f4;padding:0 .25rem;border-radius:3px;word-break:break-all}
`;
