// Gloss: small, independent progressive enhancements. Reading needs none of them.
"use strict";

// On wide screens the fact sidebar is always open; on narrow ones it starts folded.
function openFactsWhenWide() {
  const box = document.querySelector(".facts-box");
  if (!box) return;
  const wide = window.matchMedia("(min-width: 64rem)");
  const apply = () => { box.open = wide.matches; };
  apply();
  wide.addEventListener("change", apply);
}

openFactsWhenWide();
