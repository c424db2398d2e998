// Gloss: separate enhancements; reading needs none.
"use strict";
const BADGE = ".claim-end > a";

const all = (selector, root = document) => [...root.querySelectorAll(selector)];
const one = (selector) => document.querySelector(selector);
const listen = (type, handler) => document.addEventListener(type, handler);
const make = (tag, props, ...children) => {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
};
const attrs = (element, map) => {
  for (const name in map) element.setAttribute(name, map[name]);
  return element;
};
// A bad %-escape must not stop the script.
const decode = (s) => { try { return decodeURIComponent(s); } catch { return s; } };
const byHash = (href) => document.getElementById(decode(href.slice(href.indexOf("#") + 1)));
const badgeOf = (claim) => one(`${BADGE}[href="#details-${CSS.escape(claim)}"]`);
const button = (className, ...children) => make("button", { type: "button", className }, ...children);

// A floating box stays in view: below its anchor, or above.
function placeNear(box, anchor) {
  const rect = anchor.getBoundingClientRect();
  const { offsetWidth: width, offsetHeight: height } = box;
  const start = document.dir == "rtl" ? rect.right + 20 - width : rect.left - 20;
  const below = rect.bottom + height + 12 < innerHeight || rect.top < height + 12;
  box.style.left = Math.max(8, Math.min(start, document.documentElement.clientWidth - width - 8)) + scrollX + "px";
  box.style.top = (below ? rect.bottom + 6 : rect.top - height - 6) + scrollY + "px";
}

// A source's line, without its backlinks.
function sourceLine(entry) {
  const line = entry.cloneNode(true);
  line.querySelector(".backlinks")?.remove();
  return [...line.childNodes];
}

// Evidence folds (the popovers show it); a link into folded text unfolds it.
function foldUntilLinked() {
  for (const box of all(".claim-notes")) box.open = false;
  const unfold = () => byHash(location.hash)?.closest("details")?.setAttribute("open", "");
  unfold();
  addEventListener("hashchange", unfold);
}

// A badge or highlight opens its claim's dialog, in the legend's language.
function claimPopovers() {
  const pop = attrs(make("div", { className: "pop", id: "gloss-pop", hidden: true, tabIndex: -1 }), { role: "dialog", "aria-labelledby": "pop-title", ...(one(".legend").lang && { lang: "en", dir: "ltr" }) });
  document.body.append(pop);
  const phone = matchMedia("(max-width: 40rem)");
  let trigger = null;
  for (const badge of all(BADGE)) attrs(badge, { role: "button", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": pop.id });

  function fill(badge) {
    const details = byHash(badge.href);
    const close = attrs(button("pop-close", "×"), { "aria-label": "Close" });
    close.onclick = () => hide(true);
    const sources = all("sup a", badge.parentElement).map((link) => make("li", {}, link.cloneNode(true), " ", ...sourceLine(byHash(link.href))));
    pop.dataset.verdict = details.dataset.verdict;
    pop.replaceChildren(
      make("div", { className: "pop-head" }, make("h2", { id: "pop-title" }, "Claim " + details.value), close),
      ...[...details.children].map((child) => child.cloneNode(true)));
    if (sources[0]) pop.lastChild.before(make("ul", {}, ...sources));
  }

  function show(badge) {
    hide(false);
    fill(badge);
    trigger = badge;
    badge.setAttribute("aria-expanded", "true");
    (badge.closest("h2,h3,h4,h5,h6") || badge.parentElement).after(pop); // next in Tab order, outside a heading
    pop.hidden = false;
    if (!phone.matches) placeNear(pop, badge); // a phone gets a bottom sheet
    pop.focus({ preventScroll: true });
  }

  function hide(returnFocus) {
    if (!trigger) return;
    pop.hidden = true;
    trigger.setAttribute("aria-expanded", "false");
    if (returnFocus) trigger.focus({ preventScroll: true });
    trigger = null;
  }

  listen("click", (event) => {
    const plain = !(event.button || event.ctrlKey || event.metaKey || event.shiftKey);
    if (pop.contains(event.target)) return plain && event.target.closest("a") && hide(false);
    const badge = event.target.closest(BADGE);
    const mark = !badge && event.target.closest("mark.claim");
    if ((badge || mark) && plain && (badge || getSelection().isCollapsed)) {
      event.preventDefault();
      const target = badge || badgeOf(mark.dataset.claims.split(" ").pop());
      target === trigger ? hide(true) : show(target);
    } else if (trigger) hide(true);
  });
  listen("keydown", (event) => {
    if (event.key === "Escape") hide(true);
    else if (event.key === " " && event.target.matches(BADGE)) {
      event.preventDefault();
      event.target.click();
    }
  });
  pop.addEventListener("focusout", (event) => {
    const next = event.relatedTarget;
    if (next && !pop.contains(next) && next !== trigger) hide(false);
  });
}

// Hover or focus on a citation previews its source.
function citationPreviews() {
  const tip = attrs(make("div", { className: "tip", id: "gloss-tip", hidden: true }), { role: "tooltip" });
  document.body.append(tip);
  let current = null;
  const hide = () => {
    current?.removeAttribute("aria-describedby");
    tip.hidden = true;
    current = null;
  };
  const follow = (event) => {
    const link = event.target.closest?.("a[href^='#source-']:not(.sources a, .pop a)");
    if (link === current) return;
    hide();
    const entry = link && byHash(link.href);
    if (!entry) return;
    current = link;
    tip.replaceChildren(...sourceLine(entry));
    link.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    placeNear(tip, link);
  };
  listen("mouseover", follow);
  listen("focusin", follow);
  listen("focusout", hide);
  listen("keydown", hide);
}

// Key facts: open when wide, else folded; the current section's stand out, in view.
function keyFacts() {
  const box = one(".facts-box");
  if (!box) return;
  const wide = matchMedia("(min-width: 64rem)");
  const fit = () => (box.open = wide.matches);
  fit();
  wide.onchange = fit;
  const groups = all(".facts-group");
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries.filter((item) => item.isIntersecting)) {
      for (const group of groups) {
        const current = group.dataset.section === entry.target.id;
        group.classList.toggle("current", current);
        if (!current || box.scrollHeight <= box.clientHeight) continue;
        const top = group.offsetTop - 8; // the sticky box is its offset parent
        box.scrollTop = Math.max(Math.min(box.scrollTop, top), top + group.offsetHeight + 16 - box.clientHeight);
      }
    }
  }, { rootMargin: "-35% 0% -60%" });
  for (const section of all(".article-section")) observer.observe(section);
}

// A link to a claim flashes it.
function flashClaims() {
  const flash = (match) => {
    const parts = match ? all(`[data-claims~="${CSS.escape(match[1])}"]`) : [];
    for (const part of parts) {
      part.classList.remove("flash");
      void part.offsetWidth; // restart the animation
      part.classList.add("flash");
    }
    setTimeout(() => parts.forEach((p) => p.classList.remove("flash")), 1800);
  };
  const claimIn = (href) => /#claim-(.+)$/.exec(decode(href || ""));
  listen("click", (event) => {
    const link = event.target.closest("a[href*='#claim-']");
    if (link && link.pathname === location.pathname) flash(claimIn(link.href));
  });
  flash(claimIn(location.hash));
}

// The legend filters claims by verdict, kept in the URL (?show=…).
function verdictFilter() {
  const legend = one(".legend");
  const keys = all(".verdict-key", legend);
  const known = keys.map((key) => key.dataset.verdict);
  const verdictOf = Object.fromEntries(all(".claim-notes li").map((item) => [item.id.replace(/^details-/, ""), item.dataset.verdict]));
  const asked = new URLSearchParams(location.search).get("show")?.split(",") || [];
  const shown = new Set(asked.filter((verdict) => known.includes(verdict)));
  legend.querySelector("p").append(" Press verdicts to show only their claims.");
  const toggles = keys.map((key) => {
    const toggle = button("filter", key.querySelector(".verdict-pill"), key.querySelector(".verdict-count"));
    toggle.onclick = () => {
      if (!shown.delete(key.dataset.verdict)) shown.add(key.dataset.verdict);
      apply();
    };
    key.prepend(toggle);
    return toggle;
  });

  function apply() {
    const on = (verdict) => !shown.size || shown.has(verdict);
    for (const mark of all("mark.claim")) mark.classList.toggle("faded", !mark.dataset.claims.split(" ").some((id) => on(verdictOf[id])));
    for (const item of all(".claim-end, .claim-notes li")) item.classList.toggle("faded", !on(item.dataset.verdict));
    toggles.forEach((toggle, i) => toggle.setAttribute("aria-pressed", shown.has(known[i])));
    const url = new URL(location.href);
    url.search = shown.size ? "?show=" + [...shown].join(",") : "";
    if (url.href !== location.href) history.replaceState(history.state, "", url);
  }
  apply();
}

// A button per claim copies its permalink.
function copyLinks() {
  const status = attrs(make("p", { className: "sr-only" }), { role: "status" });
  document.body.append(status);
  for (const refs of all(".claim-refs")) refs.append(" ", button("copy-link", "Copy link"));
  listen("click", async (event) => {
    const copy = event.target.closest(".copy-link");
    if (!copy) return;
    const url = new URL(copy.previousElementSibling.href);
    url.search = "";
    try {
      await navigator.clipboard.writeText(url.href);
      status.textContent = copy.textContent = "Link copied";
    } catch {
      status.textContent = url.href;
    }
    setTimeout(() => (copy.textContent = "Copy link"), 2000);
  });
}

document.documentElement.classList.add("js");
if (one(".article")) {
  for (const enhance of [keyFacts, foldUntilLinked, claimPopovers, citationPreviews, flashClaims, verdictFilter, copyLinks]) enhance();
}
