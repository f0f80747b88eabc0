/* Passend widget: <script src="https://HOST/widget.js" data-key="KEY" data-workplace="ID"></script>
   Renders ranked, pseudonymous suggestions for one workplace inside a Shadow DOM, so the host
   page's styles cannot break it and it cannot break the host page. Only text is inserted
   (textContent), never HTML from the server. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var key = script.getAttribute("data-key") || "";
  var workplace = parseInt(script.getAttribute("data-workplace") || "", 10);
  var limit = parseInt(script.getAttribute("data-limit") || "5", 10);
  var base = new URL(script.src, document.baseURI).origin;

  var host = document.createElement("div");
  host.className = "passend-widget";
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });

  var css =
    ":host{all:initial;display:block;font-family:inherit;color:#1b1b1b}" +
    ".box{border:1px solid #b1b4b6;padding:1rem;background:#fff;font-family:system-ui,Arial,sans-serif;line-height:1.5;max-width:40rem}" +
    "h2{font-size:1.2rem;margin:0 0 .5rem}" +
    "ol{margin:0;padding-left:1.25rem}" +
    "ol>li{margin:0 0 .75rem}" +
    "details ul{margin:.25rem 0 0;padding-left:1.25rem}" +
    ".who{font-weight:700}" +
    ".score{display:inline-block;margin-left:.5rem;padding:0 .4rem;background:#0b4f8a;color:#fff;font-size:.9rem}" +
    "summary{cursor:pointer;color:#0b4f8a;text-decoration:underline}" +
    "summary:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px;box-shadow:0 0 0 6px #ffdd00}" +
    ".note{color:#4a4a4a;font-size:.9rem;margin:.5rem 0 0}" +
    ".msg{margin:0}";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  var style = el("style");
  style.textContent = css;
  var box = el("section", "", "box");
  box.setAttribute("aria-labelledby", "passend-title");
  var title = el("h2", "Kandidaten die passen");
  title.id = "passend-title";
  var status = el("p", "Suggesties laden…", "msg");
  status.setAttribute("role", "status");
  box.appendChild(title);
  box.appendChild(status);
  root.appendChild(style);
  root.appendChild(box);

  function fail() {
    status.textContent = "De suggesties kunnen hier nu niet worden getoond.";
    box.setAttribute("data-state", "error");
  }

  function render(data) {
    if (!data || !data.items || !data.items.length) {
      status.textContent = "Er zijn nu geen passende kandidaten.";
      box.setAttribute("data-state", "empty");
      return;
    }
    var n = data.items.length;
    status.textContent = n === 1 ? "1 suggestie." : n + " suggesties, de beste eerst.";
    var list = el("ol");
    data.items.forEach(function (item) {
      var li = el("li");
      var who = el("span", "Kandidaat " + item.pseudonym, "who");
      var score = el("span", "score " + Math.round(item.score * 100) + "%", "score");
      li.appendChild(who);
      li.appendChild(score);
      li.appendChild(el("div", item.summary));
      if (item.reasons && item.reasons.length) {
        var details = el("details");
        details.appendChild(el("summary", "Waarom past dit?"));
        var reasons = el("ul");
        item.reasons.forEach(function (r) { reasons.appendChild(el("li", r)); });
        details.appendChild(reasons);
        li.appendChild(details);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(el("p", "Namen deelt het Werkgeversservicepunt pas als de jongere toestemming geeft.", "note"));
    box.setAttribute("data-state", "ready");
  }

  if (!key || !(workplace > 0)) { fail(); return; }
  var url = base + "/api/v1/widget/workplaces/" + workplace + "/suggestions?limit=" + (limit > 0 && limit <= 20 ? limit : 5);
  fetch(url, { headers: { "X-API-Key": key }, credentials: "omit", mode: "cors" })
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
    .then(render, fail);
})();
